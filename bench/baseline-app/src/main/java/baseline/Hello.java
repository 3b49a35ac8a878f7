package baseline;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The only code: the path bench/baseline-start.sh waits for. */
@Path("/hello")
public class Hello {

    @GET
    public String hello() {
        return "hello";
    }
}

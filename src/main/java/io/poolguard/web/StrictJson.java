package io.poolguard.web;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * A request body is exactly one JSON value, each key once. Jackson's defaults read {@code {"count":5} trailing}
 * or {@code {"count":5}{"count":6}} as the first object and take the last of {@code {"count":-1,"count":3}}, so
 * what a proxy, a log or a reviewer reads and what the service acts on differ. Both are refused (400) instead.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}

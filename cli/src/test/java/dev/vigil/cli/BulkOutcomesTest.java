package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BulkOutcomesTest {

    @Test
    void anIdNotFoundOrNotChangedFailsTheCommandAnAlreadyResolvedOneDoesNot() throws Exception {
        assertEquals(ExitCodes.OK, BulkOutcomes.exitCode(Json.MAPPER.readTree(
                "[{\"id\": 1, \"outcome\": \"acknowledged\"}, {\"id\": 2, \"outcome\": \"already_resolved\"}]")));
        assertEquals(ExitCodes.OK, BulkOutcomes.exitCode(Json.MAPPER.readTree(
                "[{\"id\": 1, \"outcome\": \"resolved\"}]")));
        assertEquals(ExitCodes.FAILED, BulkOutcomes.exitCode(Json.MAPPER.readTree(
                "[{\"id\": 1, \"outcome\": \"resolved\"}, {\"id\": 9, \"outcome\": \"not_found\"}]")));
        assertEquals(ExitCodes.FAILED, BulkOutcomes.exitCode(Json.MAPPER.readTree(
                "[{\"id\": 1, \"outcome\": \"failed\", \"error\": \"disk full\"}]")));
        assertEquals("1 not_found, 2 resolved", BulkOutcomes.summary(Json.MAPPER.readTree(
                "[{\"outcome\": \"resolved\"}, {\"outcome\": \"not_found\"}, {\"outcome\": \"resolved\"}]")));
    }
}

package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void storageSaysItsKindOnce() throws Exception {
        assertEquals("sqlite /data/vigil.db", StatusCommand.storage(
                JSON.readTree("{\"kind\": \"sqlite\", \"description\": \"sqlite /data/vigil.db\"}")));
        assertEquals("postgresql  db.example.com:5432/vigil", StatusCommand.storage(
                JSON.readTree("{\"kind\": \"postgresql\", \"description\": \"db.example.com:5432/vigil\"}")));
    }
}

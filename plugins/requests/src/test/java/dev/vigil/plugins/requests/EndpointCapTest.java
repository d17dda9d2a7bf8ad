package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class EndpointCapTest {

    @Test
    void foldsEndpointsPastEachServicesCapAndReportsEachFoldOnce() {
        List<String> folds = new ArrayList<>();
        EndpointCap cap = new EndpointCap(() -> 2, folds::add);
        assertEquals("/a", cap.label("shop", "/a"));
        assertEquals("/b", cap.label("shop", "/b"));
        assertEquals(EndpointCap.OTHER, cap.label("shop", "/c"));
        assertEquals(EndpointCap.OTHER, cap.label("shop", "/c"));
        assertEquals("/a", cap.label("shop", "/a"), "a kept endpoint keeps its series");
        assertEquals("/c", cap.label("billing", "/c"), "each service has its own cap");
        assertEquals(List.of("shop"), folds);
        assertEquals(Map.of("shop", 1), cap.folded());
    }

    @Test
    void aRaisedCapAdmitsNewEndpointsAndALoweredOneKeepsThoseAlreadyPlaced() {
        AtomicInteger max = new AtomicInteger(1);
        EndpointCap cap = new EndpointCap(max::get, service -> { });
        cap.label("shop", "/a");
        assertEquals(EndpointCap.OTHER, cap.label("shop", "/b"));
        max.set(3);
        assertEquals("/c", cap.label("shop", "/c"));
        max.set(1);
        assertEquals("/c", cap.label("shop", "/c"));
        assertEquals(EndpointCap.OTHER, cap.label("shop", "/d"));
    }
}

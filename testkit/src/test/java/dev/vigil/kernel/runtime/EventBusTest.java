package dev.vigil.kernel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.vigil.api.Subscription;
import dev.vigil.api.events.QueryEvent;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a subscriber gets when events are published together, filtered on the publisher's side, or too many. */
class EventBusTest {

    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final EventBusImpl bus = new EventBusImpl(
            (pluginId, where, error, endpoint, requestId, publish) -> failures.add(pluginId + " " + where),
            Clock.systemUTC());

    @AfterEach
    void stop() {
        bus.unsubscribe("a");
        bus.unsubscribe("b");
    }

    @Test
    void aPublishedBatchArrivesWholeInOrderInDeliveriesOfAtMostMaxBatch() {
        List<List<Integer>> deliveries = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe("a", List.of(Subscription.batched(Integer.class, 400, deliveries::add)));
        bus.publishAll(Integer.class, IntStream.range(0, 1000).boxed().toList());
        bus.publishAll(Integer.class, IntStream.range(1000, 1500).boxed().toList());
        TestServer.await(Duration.ofSeconds(5), "every event", () -> count(deliveries) == 1500);
        List<Integer> all = deliveries.stream().flatMap(List::stream).toList();
        assertEquals(IntStream.range(0, 1500).boxed().toList(), all);
        assertTrue(deliveries.stream().allMatch(batch -> batch.size() <= 400), deliveries.toString());
        assertEquals(1500L, view("a").get("delivered"));
    }

    @Test
    void theFilterRunsOnThePublishersSideSoUnwantedEventsCostNoQueueRoom() {
        List<List<Integer>> deliveries = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe("a", List.of(Subscription.batched(Integer.class, 1000, deliveries::add).withCapacity(10)
                                           .where(n -> n % 100 == 0)));
        bus.publishAll(Integer.class, IntStream.range(0, 1000).boxed().toList());
        TestServer.await(Duration.ofSeconds(5), "the wanted events", () -> count(deliveries) == 10);
        assertEquals(List.of(0, 100, 200, 300, 400, 500, 600, 700, 800, 900),
                     deliveries.stream().flatMap(List::stream).toList());
        Map<String, Object> view = view("a");
        assertEquals(990L, view.get("filtered_out"));
        assertEquals(0L, view.get("dropped"), "990 events filtered out never took the 10 places of the queue");
    }

    @Test
    void aLingeringSubscriptionTakesBatchesPublishedCloseTogetherInOneDelivery() throws Exception {
        List<List<Integer>> deliveries = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe("a", List.of(Subscription.batched(Integer.class, 1000, deliveries::add)
                                           .lingering(Duration.ofMillis(500))));
        bus.publishAll(Integer.class, List.of(1, 2));
        Thread.sleep(50);
        bus.publishAll(Integer.class, List.of(3));
        TestServer.await(Duration.ofSeconds(5), "the delivery", () -> count(deliveries) == 3);
        assertEquals(List.of(List.of(1, 2, 3)), deliveries);
    }

    @Test
    void aBrokenFilterNeverReachesThePublisherAndIsReported() {
        bus.subscribe("a", List.of(Subscription.batched(Integer.class, 10, events -> { })
                                           .where(n -> 1 / (n - n) == 0)));
        bus.publishAll(Integer.class, List.of(1, 2, 3));
        bus.publish(4);
        assertEquals(4L, view("a").get("filter_failures"));
        assertEquals(List.of("a filter of Integer"), failures, "reported once, not once per event");
    }

    @Test
    void aBatchThatDoesNotFitIsDroppedWholeAndCountedWhileAnEmptyQueueTakesAnySize() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        List<Integer> delivered = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe("a", List.of(Subscription.batched(Integer.class, 10_000, events -> {
            busy.countDown();
            await(release);
            delivered.addAll(events);
        }).withCapacity(100)));
        bus.publish(-1); // occupies the subscriber until released
        assertTrue(busy.await(5, TimeUnit.SECONDS));
        bus.publishAll(Integer.class, IntStream.range(0, 250).boxed().toList()); // larger than the capacity: taken
        bus.publishAll(Integer.class, IntStream.range(0, 10).boxed().toList()); // does not fit behind it: dropped
        release.countDown();
        TestServer.await(Duration.ofSeconds(5), "the first two", () -> delivered.size() == 251);
        assertEquals(10L, view("a").get("dropped"));
    }

    @Test
    void aPluginNeverGetsTheStatementsItRanItselfEvenInABatch() {
        List<QueryEvent> seenByA = Collections.synchronizedList(new ArrayList<>());
        List<QueryEvent> seenByB = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe("a", List.of(Subscription.batched(QueryEvent.class, 100, seenByA::addAll)));
        bus.subscribe("b", List.of(Subscription.batched(QueryEvent.class, 100, seenByB::addAll)));
        bus.publishAll(QueryEvent.class, List.of(statement("a"), statement("b"), statement(null)));
        TestServer.await(Duration.ofSeconds(5), "both", () -> seenByA.size() == 2 && seenByB.size() == 2);
        assertTrue(seenByA.stream().noneMatch(q -> "a".equals(q.origin())));
        assertTrue(seenByB.stream().noneMatch(q -> "b".equals(q.origin())));
    }

    private static QueryEvent statement(String origin) {
        return new QueryEvent(Instant.now(), "vigil", "SELECT 1", 1, null, null, null, null, null, origin);
    }

    private Map<String, Object> view(String plugin) {
        return bus.describe(plugin).getFirst();
    }

    private static int count(List<List<Integer>> deliveries) {
        synchronized (deliveries) {
            return deliveries.stream().mapToInt(List::size).sum();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

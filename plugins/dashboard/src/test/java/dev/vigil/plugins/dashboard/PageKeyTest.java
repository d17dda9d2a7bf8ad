package dev.vigil.plugins.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PageKeyTest {

    @Test
    void idsInThePathFoldIntoOnePageAndTheQueryIsDropped() {
        assertEquals(new PageKey("shop.example", "/orders/{id}"),
                     PageKey.of("https://shop.example/orders/1234?email=a@b.c#top", null));
        assertEquals(new PageKey("shop.example", "/orders/{id}"), PageKey.of("https://shop.example/orders/98/", null));
        assertEquals("/users/{id}/avatar",
                     PageKey.normalisePath("/users/3f2b8c1e-9d4a-4b7e-8f00-123456789abc/avatar"));
        assertEquals("/blob/{id}", PageKey.normalisePath("/blob/deadbeef42"));
        assertEquals("/s/{id}", PageKey.normalisePath("/s/aZ3kP9qLmN2xV7bT5wR8yU1"));
    }

    @Test
    void wordsStayAsTheyAre() {
        assertEquals("/products/blue-shoes", PageKey.normalisePath("/products/blue-shoes"));
        assertEquals("/cafe/menu", PageKey.normalisePath("/cafe/menu"));
        assertEquals("/", PageKey.normalisePath(""));
        assertEquals("/", PageKey.normalisePath("/"));
        assertEquals("/a/b", PageKey.normalisePath("//a//b/"));
    }

    @Test
    void theSiteIsTheGivenServiceOrTheHostWithItsPort() {
        assertEquals("shop", PageKey.of("http://127.0.0.1:8123/", "shop").service());
        assertEquals("127.0.0.1:8123", PageKey.of("http://127.0.0.1:8123/", null).service());
        assertEquals("shop.example", PageKey.of("https://shop.example", " ").service());
    }

    @Test
    void onlyAbsoluteWebAddressesArePages() {
        assertThrows(IllegalArgumentException.class, () -> PageKey.of("/relative/path", null));
        assertThrows(IllegalArgumentException.class, () -> PageKey.of("file:///etc/passwd", null));
        assertThrows(IllegalArgumentException.class, () -> PageKey.of("http://exa mple/", null));
    }

    @Test
    void longPathsAreCut() {
        String longPath = "/" + "segment/".repeat(60);
        assertEquals(PageKey.MAX_PAGE_LENGTH, PageKey.normalisePath(longPath).length());
    }
}

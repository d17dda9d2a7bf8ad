/** Services one plugin offers to others; look them up at each use through ServiceLookup. */
package dev.vigil.api.services;

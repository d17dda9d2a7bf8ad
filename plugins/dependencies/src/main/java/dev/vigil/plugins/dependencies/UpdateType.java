package dev.vigil.plugins.dependencies;

/** How far a version is behind the newest release: which part of the version number changed. */
enum UpdateType {
    MAJOR, MINOR, PATCH
}

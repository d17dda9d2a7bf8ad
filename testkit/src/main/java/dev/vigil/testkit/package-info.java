/** For tests of plugins: a real server on a temporary directory, plugin jars compiled from source, databases. */
package dev.vigil.testkit;

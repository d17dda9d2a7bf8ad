/**
 * {@code bin/vigil <command>}: a client of a running Vigil server over its HTTP API, parsed with picocli. It never
 * loads the kernel: commands call routes with {@link java.net.http.HttpClient} and print what they answer, as text
 * for people or as JSON for scripts. {@link dev.vigil.cli.Cli} wires the commands, {@link dev.vigil.cli.VigilClient}
 * speaks HTTP, {@link dev.vigil.cli.Failure} carries every error as one line and an exit code.
 */
package dev.vigil.cli;

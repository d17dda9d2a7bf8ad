package dev.vigil.plugins.queries;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Statements fingerprinted per second on one thread, over a realistic mixed corpus. No I/O. */
public final class FingerprintBench {

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<Corpus.Sql> corpus = Corpus.generate(100_000, 7);
        long chars = corpus.stream().mapToLong(s -> s.text().length()).sum();
        Set<String> shapes = new HashSet<>();
        for (Corpus.Sql sql : corpus) {
            shapes.add(Fingerprinter.fingerprint(sql.text(), SqlDialect.of(sql.database())).id());
        }
        System.out.printf("corpus: %d statements, %.0f characters on average, %d distinct fingerprints%n",
                          corpus.size(), (double) chars / corpus.size(), shapes.size());
        run(corpus, 3, false);
        run(corpus, seconds, true);
    }

    private static void run(List<Corpus.Sql> corpus, int seconds, boolean report) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long done = 0;
        long characters = 0;
        long sink = 0;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long started = System.nanoTime();
        long startedCpu = cpu.getCurrentThreadCpuTime();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 10_000; i++) {
                Corpus.Sql sql = corpus.get((int) (done % corpus.size()));
                Fingerprint fingerprint = Fingerprinter.fingerprint(sql.text(), SqlDialect.of(sql.database()));
                sink += fingerprint.literals();
                characters += sql.text().length();
                done++;
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        double busy = (cpu.getCurrentThreadCpuTime() - startedCpu) / 1e9;
        if (report) {
            // Per CPU second as well: on a shared machine the wall-clock rate also measures the neighbours.
            System.out.printf("fingerprinting alone, 1 thread: %,.0f statements/s wall clock, %,.0f per CPU second "
                                      + "(%.2f us and %.0f characters each)%n", done / elapsed, done / busy,
                              busy * 1e6 / done, (double) characters / done);
        }
        if (sink == 42) {
            System.out.println(); // keeps the work from being optimised away
        }
    }
}

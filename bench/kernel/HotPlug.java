import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Hot plug, as a user does it: a plugin file is copied into the plugins directory under a temporary name and
 * renamed; the time until its route answers 200 is measured (polled every millisecond), then the file is removed
 * and the time until the route is gone. Repeated CYCLES times against a running server.
 *
 *   java HotPlug.java <base-url> <viewer-token> <plugins-dir> <plugin-zip> <route> <cycles>
 */
public final class HotPlug {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        Path plugins = Path.of(args[2]);
        Path zip = Path.of(args[3]);
        String route = args[4];
        int cycles = Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(base + route)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(5)).build();
        List<Double> appear = new ArrayList<>();
        List<Double> vanish = new ArrayList<>();
        Path target = plugins.resolve(zip.getFileName());
        Path temporary = plugins.resolve("." + zip.getFileName() + ".part");
        for (int cycle = 0; cycle < cycles; cycle++) {
            Files.copy(zip, temporary, StandardCopyOption.REPLACE_EXISTING);
            long dropped = System.nanoTime();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            appear.add(until(http, probe, 200, dropped));
            long removed = System.nanoTime();
            Files.delete(target);
            vanish.add(until(http, probe, -200, removed));
        }
        report("dropped file answers its route", appear);
        report("removed file's route is gone", vanish);
    }

    /** Milliseconds from {@code since} until the probe answers {@code status} (negative: anything but it). */
    private static double until(HttpClient http, HttpRequest probe, int status, long since) throws Exception {
        long deadline = since + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            int answered = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status > 0 ? answered == status : answered != -status) {
                return (System.nanoTime() - since) / 1e6;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no answer " + status + " within 30 s");
    }

    private static void report(String what, List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-34s median %6.1f ms, p90 %6.1f ms, max %6.1f ms (%d cycles)%n", what,
                          sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
                          sorted.getLast(), sorted.size());
    }
}

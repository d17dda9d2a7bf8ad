package dev.vigil.plugins.queries;

/**
 * A fast 64-bit string hash (FNV-1a over UTF-16 units, with a MurmurHash3 finaliser for good spread). Not
 * cryptographic: it names fingerprints, where a collision between two of the few thousand shapes a server sees is
 * vanishingly unlikely.
 */
final class Hashing {

    static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Hashing() {
    }

    /** Folds {@code text} into a running hash started at {@link #SEED}. */
    static long add(long hash, CharSequence text) {
        long h = hash;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * PRIME;
        }
        return h;
    }

    /** Folds a separator in, so that ("ab", "c") and ("a", "bc") differ. */
    static long separate(long hash) {
        return (hash ^ 0x1f) * PRIME;
    }

    static long finish(long hash) {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    static long of(CharSequence text) {
        return finish(add(SEED, text));
    }

    static String hex(long value) {
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
        return new String(out);
    }
}

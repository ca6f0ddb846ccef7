package io.readstates.workload;

/**
 * A fixed permutation of {@code 0 … n-1} as {@code i ↦ (i × m) mod n} with {@code m} coprime to
 * {@code n}: spreads Zipf ranks (hot users, hot channels) over the ID space without a table.
 */
final class Permutation {
    private Permutation() {
    }

    /** A multiplier coprime to {@code n}, near the golden-ratio constant 2654435761 (Knuth's multiplicative hashing). */
    static long multiplier(long n) {
        long m = 2_654_435_761L % Math.max(1, n);
        while (n > 1 && gcd(m, n) != 1) {
            m++;
        }
        return Math.max(1, m);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}

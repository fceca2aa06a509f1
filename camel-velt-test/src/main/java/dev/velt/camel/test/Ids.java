package dev.velt.camel.test;

import java.util.Random;

/** Random-looking ids drawn from the scenario's seeded random, so they repeat with the seed. */
final class Ids {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Ids() {
    }

    static String alnum(Random random, int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}

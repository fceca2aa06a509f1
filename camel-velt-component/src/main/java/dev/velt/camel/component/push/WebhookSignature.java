package dev.velt.camel.component.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Velt's {@code x-velt-signature: sha256=<hex HMAC-SHA256 of the raw body>} with the shared secret, comparing
 * the decoded bytes in constant time. The secret is kept only as a key and never printed.
 */
public final class WebhookSignature {

    public static final String HEADER = "x-velt-signature";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";
    private static final int DIGEST_BYTES = 32;

    private final SecretKeySpec key;

    public WebhookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** True when this checks signatures made with {@code secret}. */
    public boolean hasSecret(String secret) {
        return secret != null && MessageDigest.isEqual(key.getEncoded(), secret.getBytes(StandardCharsets.UTF_8));
    }

    /** True when {@code header} is a well-formed signature of exactly these body bytes. */
    public boolean matches(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return given.length == DIGEST_BYTES && MessageDigest.isEqual(sign(body), given);
    }

    /** The HMAC-SHA256 of {@code body}. */
    public byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory in every Java runtime
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

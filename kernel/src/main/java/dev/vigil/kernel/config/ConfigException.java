package dev.vigil.kernel.config;

/** A config file that cannot be used; the message names the file and the key. */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }
}

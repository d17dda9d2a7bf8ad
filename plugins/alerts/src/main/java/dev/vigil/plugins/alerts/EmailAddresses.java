package dev.vigil.plugins.alerts;

import java.util.ArrayList;
import java.util.List;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Checks the addresses of an email channel as the mail library will read them, naming the field it refuses. */
final class EmailAddresses {

    private EmailAddresses() {
    }

    /** One address ({@code alerts@example.com} or {@code Vigil <alerts@example.com>}), stripped. */
    static String require(String key, String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException(key + ": is required for an email channel");
        }
        String stripped = address.strip();
        try {
            InternetAddress parsed = new InternetAddress(stripped, true);
            parsed.validate();
            if (parsed.getAddress().indexOf('@') < 1) {
                throw new AddressException("no domain", stripped);
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException(key + ": '" + stripped + "' is not an email address");
        }
        return stripped;
    }

    static List<String> requireAll(String key, List<String> addresses) {
        List<String> checked = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            checked.add(require(key + "[" + i + "]", addresses.get(i)));
        }
        return List.copyOf(checked);
    }
}

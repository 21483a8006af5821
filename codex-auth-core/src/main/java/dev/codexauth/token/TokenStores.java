package dev.codexauth.token;

import dev.codexauth.config.Settings;
import dev.codexauth.error.ConfigurationException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds {@link TokenStoreProvider}s with {@link ServiceLoader} and opens the configured store. */
public final class TokenStores {

    private TokenStores() {
    }

    /** Every provider on the class path, highest priority first. */
    public static List<TokenStoreProvider> providers() {
        return ServiceLoader.load(TokenStoreProvider.class, TokenStores.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(TokenStoreProvider::priority).reversed())
                .toList();
    }

    /** The provider with this name, if one is on the class path. */
    public static Optional<TokenStoreProvider> provider(String name) {
        return providers().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * Opens the store named by {@link Settings#store()}. {@code auto} is a provider of its own when
     * one is registered (the keychain module's chooses keychain or file and says which); otherwise the
     * usable provider with the highest priority.
     *
     * @throws ConfigurationException when no provider has that name, or the named one cannot work here
     */
    public static TokenStore open(Settings settings) {
        String name = settings.store();
        Optional<TokenStoreProvider> named = provider(name);
        if (named.isEmpty() && name.equals("auto")) {
            named = providers().stream().filter(p -> p.availability(settings).usable()).findFirst();
        }
        TokenStoreProvider provider = named.orElseThrow(() -> new ConfigurationException(
                "No token store named '" + name + "'. Available: "
                        + providers().stream().map(TokenStoreProvider::name).collect(Collectors.joining(", "))
                        + ". Add the module that provides it, or set " + Settings.STORE + " to one of these."));
        return provider.create(settings);
    }
}

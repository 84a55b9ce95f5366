package dev.trygr.proxy.tls;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Promise;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;

/**
 * Server-side TLS contexts presenting forged certificates, one per host, built off the event loop and
 * cached.
 *
 * <p>Each context uses {@link TlsImplementation#provider()}, TLSv1.3 and TLSv1.2, the forged leaf and its shared key with
 * the chain [leaf, CA], and ALPN advertising only {@code http/1.1}: a client offering h2 and http/1.1
 * gets http/1.1, a client offering only h2 gets no ALPN answer ({@code NO_ADVERTISE}/{@code ACCEPT}).
 *
 * <p>Contexts are cached per lower-cased host (brackets stripped) in a bounded Caffeine
 * {@link AsyncCache}. Concurrent requests for one host share one forge. Entries expire
 * {@link #ENTRY_LIFETIME} after they are forged, long before the leaf's 199 days end; a failed forge is
 * not cached. Forging runs on the executor given at construction, never on the calling thread (unless
 * that executor runs tasks in place).
 */
public final class ForgedContexts {

    /** How long a forged context is served before it is forged again. */
    public static final Duration ENTRY_LIFETIME = Duration.ofDays(30);

    private final LeafForge forge;
    private final Executor forgingExecutor;
    private final AsyncCache<String, SslContext> cache;
    private final LongAdder forged = new LongAdder();
    private final ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_1_1);

    /**
     * The executor to forge on: {@code threads} daemon threads named {@code trygr-forge-N}. A fork-join pool,
     * because handing it a task from an event loop takes no lock: a thread pool's queue lock, held by a thread
     * the scheduler has just taken off a busy CPU, made event loops wait a millisecond and more in the
     * new-connection benchmark (seen by JFR as {@code jdk.ThreadPark} in {@link #contextFor}).
     */
    public static ExecutorService forgingThreads(int threads) {
        AtomicInteger number = new AtomicInteger();
        return new ForkJoinPool(threads, pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("trygr-forge-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, true);
    }

    /**
     * A cache of forged contexts; nothing is forged until {@link #contextFor} asks.
     *
     * @param forge signs the leaves
     * @param forgingExecutor runs certificate forging and context building (and the cache's light
     *     maintenance); must not be an event loop
     * @param maximumSize the most contexts kept; older, less used ones are evicted beyond it
     */
    public ForgedContexts(LeafForge forge, Executor forgingExecutor, long maximumSize) {
        this.forge = Objects.requireNonNull(forge, "forge");
        this.forgingExecutor = Objects.requireNonNull(forgingExecutor, "forgingExecutor");
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be positive: " + maximumSize);
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(ENTRY_LIFETIME)
                .executor(forgingExecutor)
                .buildAsync();
    }

    /**
     * The server context for {@code host}, from the cache or forged on the executor. The future fails with
     * {@link IllegalArgumentException} for an empty or invalid host, or {@link CaException} if signing fails.
     * Its callbacks run on the forging thread unless already complete; hop back to the event loop before
     * touching a channel (a Netty {@link Promise} from the channel's executor does that, see {@link #sniMapping()}).
     */
    public CompletableFuture<SslContext> contextFor(String host) {
        String key;
        try {
            key = cacheKey(host);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return cache.get(key, (k, executor) -> {
            try {
                return CompletableFuture.supplyAsync(() -> build(k), forgingExecutor);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(e); // shutting down: fail this lookup, not the caller's thread
            }
        });
    }

    /**
     * An adapter for Netty's {@code SniHandler(AsyncMapping)}: looks the SNI host name up with
     * {@link #contextFor} and completes the handler's promise, whose listeners then run on the channel's
     * event loop. A ClientHello without SNI (a {@code null} host) fails the promise; callers that want a
     * fallback name (the CONNECT host, the original destination) wrap this mapping.
     */
    public AsyncMapping<String, SslContext> sniMapping() {
        return (String host, Promise<SslContext> promise) -> {
            if (host == null) {
                return promise.setFailure(new IllegalArgumentException("The client sent no SNI host name"));
            }
            contextFor(host).whenComplete((context, error) -> {
                if (error != null) {
                    promise.tryFailure(error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error);
                } else {
                    promise.trySuccess(context);
                }
            });
            return promise;
        };
    }

    /** How many contexts were forged since construction (cache misses that succeeded). */
    public long forgedCount() {
        return forged.sum();
    }

    /** An estimate of the number of cached contexts, after pending evictions are applied. */
    long estimatedSize() {
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }

    /** Runs pending evictions now instead of at the cache's next maintenance. */
    void cleanUp() {
        cache.synchronous().cleanUp();
    }

    /** The cache key: lower-cased, without IPv6 brackets or a trailing dot. */
    static String cacheKey(String host) {
        return LeafForge.HostName.parse(host).text();
    }

    private SslContext build(String host) {
        X509Certificate leaf = forge.forge(host);
        try {
            LeafKeyManager keyManager = new LeafKeyManager(forge.leafKey(), leaf, forge.ca().certificate());
            SslContext context = SslContextBuilder.forServer(TlsImplementation.keyManagerFactory(keyManager))
                    .trustManager(TlsImplementation.noClientCertificates())
                    .sslProvider(TlsImplementation.provider())
                    .protocols("TLSv1.3", "TLSv1.2")
                    .applicationProtocolConfig(alpn)
                    .build();
            forged.increment();
            return context;
        } catch (SSLException e) {
            throw new CaException("Cannot build a TLS server context for " + host, e);
        }
    }
}

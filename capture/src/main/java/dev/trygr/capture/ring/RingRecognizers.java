package dev.trygr.capture.ring;

import dev.trygr.capture.CaptureEvent.FlowCompleted;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The stateless half of Ring/FCM recognition: one flow in (raw, unredacted headers and bodies), the events it
 * shows out. Bodies may be compressed, cut off or malformed; nothing here throws on bad input. Pure and
 * thread-safe. {@link RingObserver} adds the {@link TokenLedger}'s state on top.
 */
public final class RingRecognizers {
    private RingRecognizers() {
    }

    /**
     * A cheap check on the host alone: false means no recognizer has anything to say about the flow, so ordinary
     * traffic costs a few string comparisons.
     */
    public static boolean mayMatter(FlowCompleted flow) {
        String host = flow.host();
        if (host == null) {
            return false;
        }
        return endsWith(host, ".ring.com") || host.equalsIgnoreCase("ring.com") || endsWith(host, ".rings.solutions")
                || host.equalsIgnoreCase(FcmRecognizer.GCM_HOST) || host.equalsIgnoreCase(FcmRecognizer.FIS_HOST)
                || host.equalsIgnoreCase(FcmRecognizer.FCM_HOST);
    }

    /**
     * True for the flows whose bodies the recognizers read (token grants, session and push-token calls, FCM setup
     * calls): small bodies the writer keeps even under load, since lineage cannot be followed without them.
     */
    public static boolean readsBodies(FlowCompleted flow) {
        String host = flow.host();
        if (host == null || !mayMatter(flow)) {
            return false;
        }
        if (host.equalsIgnoreCase(OAuthRecognizer.HOST) || host.equalsIgnoreCase(FcmRecognizer.GCM_HOST)
                || host.equalsIgnoreCase(FcmRecognizer.FIS_HOST) || host.equalsIgnoreCase(FcmRecognizer.FCM_HOST)) {
            return true;
        }
        String path = flow.path();
        return path != null && (path.startsWith("/clients_api/session") || path.startsWith("/clients_api/device"));
    }

    /**
     * The events one flow shows, in a fixed order: the bearer token a Ring API call carried, then the call's own event.
     *
     * @param fingerprint turns a secret into its fingerprint ({@code Redactor::fingerprint})
     */
    public static List<RingEvent> recognize(FlowCompleted flow, UnaryOperator<String> fingerprint) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (!mayMatter(flow)) {
            return List.of();
        }
        FlowView v = new FlowView(flow);
        List<RingEvent> out = new ArrayList<>(2);
        if (OAuthRecognizer.matches(v)) {
            out.add(OAuthRecognizer.recognize(v, fingerprint));
        } else if (RingApiRecognizer.matches(v)) {
            RingApiRecognizer.recognize(v, fingerprint, out);
        } else if (CheckinRecognizer.matches(v)) {
            out.add(CheckinRecognizer.recognize(v, fingerprint));
        } else {
            FcmRecognizer.recognize(v, fingerprint, out);
        }
        return out;
    }

    private static boolean endsWith(String host, String suffix) {
        return host.regionMatches(true, host.length() - suffix.length(), suffix, 0, suffix.length());
    }
}

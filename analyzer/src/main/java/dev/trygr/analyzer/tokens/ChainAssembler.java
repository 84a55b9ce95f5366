package dev.trygr.analyzer.tokens;

import dev.trygr.analyzer.tokens.NodeDraft.Shown;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the token drafts into chains, once every row is read. Nothing depends on the order rows were written in:
 * parent links come from the grants themselves, and every time-based fact (first use, superseded, stale) is worked
 * out from times, so sessions that overlapped in one file (their rows interleaved) give the same chains.
 *
 * <p>A token is superseded when a newer token is delivered to the same client (its own successor, or a login);
 * presenting it after it was used or superseded is a stale reuse. A presentation whose answer was lost or cut off
 * does not count as a use, and a token issued in a cut-off response supersedes nothing.
 */
final class ChainAssembler {

    /** A delivered token on its client's timeline. */
    record Placed(String fingerprint, long at, long seq, int chain) {
    }

    private static final Comparator<NodeDraft> BY_KNOWN = Comparator.comparingLong(NodeDraft::knownAt)
            .thenComparingLong(NodeDraft::knownSeq).thenComparing(d -> d.fingerprint);
    private static final Comparator<Shown> BY_TIME = Comparator.comparingLong(Shown::at).thenComparingLong(Shown::seq);
    private static final ClientKey NOBODY = new ClientKey(null, "?", null);

    private final Map<String, NodeDraft> nodes;
    private final Map<ClientKey, ClientDraft> clients;
    private final Map<ClientKey, List<Placed>> timelines = new HashMap<>();
    private final Map<String, Integer> chainOf = new HashMap<>();
    private final Map<String, ClientKey> ownerOf = new HashMap<>();

    private final boolean trustStored;

    /**
     * @param trustStored merge the live recorder's stored stale-reuse findings: only when one session was read and it
     *                    overlapped no other, so the recorder may have known uses outside what was read and its
     *                    ledger saw every row it wrote in order
     */
    ChainAssembler(Map<String, NodeDraft> nodes, Map<ClientKey, ClientDraft> clients, boolean trustStored) {
        this.nodes = nodes;
        this.clients = clients;
        this.trustStored = trustStored;
    }

    /** The chains of every client that has tokens; adds token anomalies to the client drafts. */
    Map<ClientKey, List<Chain>> assemble() {
        Map<ClientKey, List<List<NodeDraft>>> trees = trees();
        Map<ClientKey, List<Chain>> out = new LinkedHashMap<>();
        for (Map.Entry<ClientKey, List<List<NodeDraft>>> e : trees.entrySet()) {
            ClientKey owner = e.getKey();
            ClientDraft client = clients.computeIfAbsent(owner, ClientDraft::new);
            List<List<NodeDraft>> ownTrees = e.getValue();
            ownTrees.sort(Comparator.comparing(t -> t.get(0), BY_KNOWN));
            List<Placed> timeline = new ArrayList<>();
            for (int i = 0; i < ownTrees.size(); i++) {
                for (NodeDraft d : ownTrees.get(i)) {
                    chainOf.put(d.fingerprint, i + 1);
                    ownerOf.put(d.fingerprint, owner);
                    if (d.delivered && d.issuedAt != null) {
                        timeline.add(new Placed(d.fingerprint, d.issuedAt, d.issuedSeq, i + 1));
                    }
                }
            }
            timeline.sort(Comparator.comparingLong(Placed::at).thenComparingLong(Placed::seq));
            timelines.put(owner, timeline);
            List<Chain> chains = new ArrayList<>();
            for (int i = 0; i < ownTrees.size(); i++) {
                chains.add(chain(i + 1, ownTrees.get(i), timeline, client));
            }
            out.put(owner, chains);
        }
        return out;
    }

    /** The delivered tokens of a client in time order (empty for a client without tokens). */
    List<Placed> timeline(ClientKey client) {
        return timelines.getOrDefault(client, List.of());
    }

    Integer chainOf(String fingerprint) {
        return chainOf.get(fingerprint);
    }

    ClientKey ownerOf(String fingerprint) {
        return ownerOf.get(fingerprint);
    }

    /** The token a client held at {@code at}: its last delivered token issued at or before then, or null. */
    Placed heldAt(ClientKey client, long at) {
        List<Placed> timeline = timeline(client);
        int lo = 0;
        int hi = timeline.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timeline.get(mid).at() <= at) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? null : timeline.get(lo - 1);
    }

    /** Every token tree (a root and its descendants), grouped by the client that owns it. */
    private Map<ClientKey, List<List<NodeDraft>>> trees() {
        List<NodeDraft> ordered = new ArrayList<>(nodes.values());
        ordered.sort(BY_KNOWN);
        Set<String> placed = new HashSet<>();
        Map<ClientKey, List<List<NodeDraft>>> out = new LinkedHashMap<>();
        for (int pass = 0; pass < 2; pass++) {
            for (NodeDraft n : ordered) {
                boolean root = n.parent == null || !nodes.containsKey(n.parent);
                if (placed.contains(n.fingerprint) || (pass == 0 && !root)) {
                    continue; // the second pass takes what only a cycle (a damaged capture) left unplaced
                }
                Map<String, Integer> depth = new HashMap<>();
                List<NodeDraft> tree = collect(n, placed, depth);
                tree.sort(Comparator.comparingLong(NodeDraft::knownAt).thenComparingLong(NodeDraft::knownSeq)
                        .thenComparing(d -> depth.get(d.fingerprint)).thenComparing(d -> d.fingerprint));
                out.computeIfAbsent(owner(tree), k -> new ArrayList<>()).add(tree);
            }
        }
        return out;
    }

    /** The tree under {@code root}, with each token's depth in it (a parent sorts before a child issued at once). */
    private List<NodeDraft> collect(NodeDraft root, Set<String> placed, Map<String, Integer> depth) {
        List<NodeDraft> tree = new ArrayList<>();
        List<NodeDraft> todo = new ArrayList<>();
        todo.add(root);
        placed.add(root.fingerprint);
        depth.put(root.fingerprint, 0);
        while (!todo.isEmpty()) {
            NodeDraft d = todo.remove(todo.size() - 1);
            tree.add(d);
            for (String child : d.children) {
                NodeDraft c = nodes.get(child);
                if (c != null && placed.add(child)) {
                    depth.put(child, depth.get(d.fingerprint) + 1);
                    todo.add(c);
                }
            }
        }
        return tree;
    }

    private static ClientKey owner(List<NodeDraft> tree) {
        for (NodeDraft d : tree) {
            if (d.hardwareKey != null) {
                return d.hardwareKey;
            }
        }
        for (NodeDraft d : tree) {
            if (d.firstKey != null) {
                return d.firstKey;
            }
        }
        return NOBODY;
    }

    private Chain chain(int number, List<NodeDraft> tree, List<Placed> timeline, ClientDraft client) {
        List<TokenNode> tokens = new ArrayList<>(tree.size());
        String ringSession = null;
        String latest = null;
        long[] uses = new long[Math.max(4, tree.size())];
        int useCount = 0;
        for (NodeDraft d : tree) {
            TokenNode t = finish(d, timeline, client);
            tokens.add(t);
            if (ringSession == null && t.claims() != null) {
                ringSession = t.claims().ringSession();
            }
            if (t.state() == TokenState.LATEST) {
                latest = t.fingerprint();
            }
            for (Presentation p : t.presentations()) {
                if (p.outcome() == UseOutcome.USED) {
                    if (useCount == uses.length) {
                        uses = java.util.Arrays.copyOf(uses, uses.length * 2);
                    }
                    uses[useCount++] = p.at();
                }
            }
        }
        return new Chain(number, ringSession, tokens.get(0).obtained(), tokens, latest, Cadence.of(uses, useCount));
    }

    private TokenNode finish(NodeDraft d, List<Placed> timeline, ClientDraft client) {
        List<Shown> shown = new ArrayList<>(d.shown);
        shown.sort(BY_TIME);
        Shown firstUse = null;
        int used = 0;
        for (Shown s : shown) {
            if (s.outcome() == UseOutcome.USED) {
                used++;
                firstUse = firstUse == null ? s : firstUse;
            }
        }
        Placed successor = null;
        if (d.issuedAt != null) {
            successor = after(timeline, d.issuedAt, d.issuedSeq, true, d.fingerprint);
        } else if (!shown.isEmpty()) {
            successor = after(timeline, shown.get(0).at(), shown.get(0).seq(), false, d.fingerprint);
        }
        long staleAt = Long.MAX_VALUE;
        long staleSeq = Long.MAX_VALUE;
        if (successor != null) {
            staleAt = successor.at();
            staleSeq = successor.seq();
        }
        if (firstUse != null && (firstUse.at() < staleAt || (firstUse.at() == staleAt && firstUse.seq() < staleSeq))) {
            staleAt = firstUse.at();
            staleSeq = firstUse.seq();
        }
        List<Presentation> presentations = new ArrayList<>(shown.size());
        for (Shown s : shown) {
            Long late = s.at() > staleAt || (s.at() == staleAt && s.seq() > staleSeq) ? s.at() - staleAt : null;
            if (late == null && trustStored && d.storedStale != null) {
                for (long[] stored : d.storedStale) {
                    if (stored[0] == s.at()) {
                        late = stored[1]; // the live recorder knew more (e.g. a use in another session)
                    }
                }
            }
            presentations.add(new Presentation(s.at(), s.session(), s.outcome(), s.status(), s.error(), late));
        }
        TokenState state = state(d, used, successor, shown);
        List<String> children = new ArrayList<>(d.children);
        TokenNode node = new TokenNode(d.fingerprint, d.obtained == null ? Obtained.BEFORE_CAPTURE : d.obtained,
                d.parent, children, d.issuedAt, d.issuedSession, d.claims, presentations,
                firstUse == null ? null : firstUse.at(), used, successor == null ? null : successor.at(),
                successor == null ? null : successor.fingerprint(), d.accessExpiresAt, state);
        TokenAnomalies.of(node, client.anomalies);
        return node;
    }

    private static TokenState state(NodeDraft d, int used, Placed successor, List<Shown> shown) {
        if (used > 0) {
            return TokenState.USED;
        }
        if (d.issuedAt != null && !d.delivered) {
            return TokenState.UNDELIVERED; // superseded or not, the client may never have held it
        }
        if (successor != null) {
            return TokenState.SUPERSEDED;
        }
        if (shown.stream().anyMatch(s -> s.outcome() == UseOutcome.REJECTED)) {
            return TokenState.REJECTED;
        }
        if (!shown.isEmpty()) {
            return TokenState.UNKNOWN;
        }
        return TokenState.LATEST;
    }

    /**
     * The first delivered token after ({@code exclusive}) or at ({@code !exclusive}) the given time and row, other
     * than {@code self}; null when none.
     */
    private static Placed after(List<Placed> timeline, long at, long seq, boolean exclusive, String self) {
        int lo = 0;
        int hi = timeline.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Placed p = timeline.get(mid);
            int cmp = p.at() != at ? Long.compare(p.at(), at) : Long.compare(p.seq(), seq);
            if (cmp < 0 || (exclusive && cmp == 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < timeline.size(); i++) {
            if (!timeline.get(i).fingerprint().equals(self)) {
                return timeline.get(i);
            }
        }
        return null;
    }
}

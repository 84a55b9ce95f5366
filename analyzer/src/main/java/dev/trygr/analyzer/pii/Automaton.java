package dev.trygr.analyzer.pii;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick over lower-cased text: finds every occurrence of every pattern in one pass, so a body is read once
 * whatever the number of known values. Patterns must already be lower case; text is lower-cased char by char
 * (so offsets in the text stay the offsets of the original).
 */
final class Automaton {
    /** One occurrence: pattern {@code pattern} at {@code [start, end)}. */
    record Match(int pattern, int start, int end) {
    }

    private static final int[] NO_OUTPUT = new int[0];

    private final int[] lengths;
    // per node: sorted edge chars and their targets
    private char[][] edges = new char[16][];
    private int[][] targets = new int[16][];
    private int[] fail = new int[16];
    private int[][] outputs = new int[16][];
    private int nodes;
    /** The root's moves for ASCII, so most characters of most text cost one array read. */
    private final int[] rootAscii = new int[128];

    Automaton(List<String> patterns) {
        lengths = new int[patterns.size()];
        newNode();
        for (int p = 0; p < patterns.size(); p++) {
            String pattern = patterns.get(p);
            lengths[p] = pattern.length();
            if (pattern.isEmpty()) {
                continue;
            }
            int node = 0;
            for (int i = 0; i < pattern.length(); i++) {
                int next = edge(node, pattern.charAt(i));
                if (next < 0) {
                    next = newNode();
                    addEdge(node, pattern.charAt(i), next);
                }
                node = next;
            }
            outputs[node] = append(outputs[node], p);
        }
        link();
    }

    /** Every occurrence in {@code text}, in the order their ends are reached. */
    List<Match> find(CharSequence text) {
        List<Match> out = new ArrayList<>();
        if (nodes == 1) {
            return out;
        }
        int node = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = Character.toLowerCase(text.charAt(i));
            if (node == 0 && c < 128) {
                node = rootAscii[c];
                if (node != 0) {
                    for (int p : outputs[node]) {
                        out.add(new Match(p, i + 1 - lengths[p], i + 1));
                    }
                }
                continue;
            }
            int next = edge(node, c);
            while (next < 0 && node != 0) {
                node = fail[node];
                next = edge(node, c);
            }
            node = next < 0 ? 0 : next;
            for (int p : outputs[node]) {
                out.add(new Match(p, i + 1 - lengths[p], i + 1));
            }
        }
        return out;
    }

    private int newNode() {
        if (nodes == edges.length) {
            int size = nodes * 2;
            edges = Arrays.copyOf(edges, size);
            targets = Arrays.copyOf(targets, size);
            fail = Arrays.copyOf(fail, size);
            outputs = Arrays.copyOf(outputs, size);
        }
        edges[nodes] = new char[0];
        targets[nodes] = new int[0];
        outputs[nodes] = NO_OUTPUT;
        return nodes++;
    }

    private int edge(int node, char c) {
        int i = Arrays.binarySearch(edges[node], c);
        return i < 0 ? -1 : targets[node][i];
    }

    private void addEdge(int node, char c, int target) {
        char[] keys = edges[node];
        int at = -(Arrays.binarySearch(keys, c) + 1);
        char[] k = new char[keys.length + 1];
        int[] t = new int[keys.length + 1];
        System.arraycopy(keys, 0, k, 0, at);
        System.arraycopy(targets[node], 0, t, 0, at);
        k[at] = c;
        t[at] = target;
        System.arraycopy(keys, at, k, at + 1, keys.length - at);
        System.arraycopy(targets[node], at, t, at + 1, keys.length - at);
        edges[node] = k;
        targets[node] = t;
    }

    /** Breadth first: failure links, and each node's outputs merged with its failure node's. */
    private void link() {
        for (int i = 0; i < edges[0].length; i++) {
            if (edges[0][i] < 128) {
                rootAscii[edges[0][i]] = targets[0][i];
            }
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : targets[0]) {
            fail[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int i = 0; i < edges[node].length; i++) {
                char c = edges[node][i];
                int child = targets[node][i];
                int f = fail[node];
                int next = edge(f, c);
                while (next < 0 && f != 0) {
                    f = fail[f];
                    next = edge(f, c);
                }
                fail[child] = next < 0 || next == child ? 0 : next;
                if (outputs[fail[child]].length > 0) {
                    outputs[child] = merge(outputs[child], outputs[fail[child]]);
                }
                queue.add(child);
            }
        }
    }

    private static int[] append(int[] a, int v) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = v;
        return out;
    }

    private static int[] merge(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package dev.trygr.capture;

import java.util.List;

/**
 * A flow with its request headers but without its bodies or response headers: what an analysis that looks at every
 * request needs ({@link CaptureReader#forEachFlowHead}).
 *
 * @param requestHeaders  in wire order, duplicates and empty values kept (redacted unless the session stores
 *                        secrets)
 * @param requestBodyId   the request body ({@code bodies.id}), null when there was none
 * @param responseBodyId  the response body, null when there was none
 */
public record FlowHead(FlowSummary summary, String httpVersion, List<Header> requestHeaders, Long requestBodyId,
                       Long responseBodyId) {
    public FlowHead {
        requestHeaders = List.copyOf(requestHeaders);
    }
}

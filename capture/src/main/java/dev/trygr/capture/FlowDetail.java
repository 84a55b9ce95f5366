package dev.trygr.capture;

import java.util.List;

/**
 * Everything stored about one flow.
 *
 * @param requestHeaders  in wire order, duplicates and empty values kept
 * @param requestBody     null when the request had no body
 * @param responseBody    null when the response had no body (or no response arrived)
 * @param requestDoneMicros  null when the request never finished
 */
public record FlowDetail(FlowSummary summary, String httpVersion,
                         List<Header> requestHeaders, String reason, String responseVersion,
                         List<Header> responseHeaders, StoredBody requestBody, StoredBody responseBody,
                         Long requestDoneMicros, Long responseStartMicros, Long responseDoneMicros) {
    public FlowDetail {
        requestHeaders = List.copyOf(requestHeaders);
        responseHeaders = List.copyOf(responseHeaders);
    }
}

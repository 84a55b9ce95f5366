package dev.trygr.analyzer.report;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Path templates: ids, UUIDs, hex and opaque tokens collapse; words stay. */
class ReportPathTemplateTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/clients_api/doorbots/684213579/health | /clients_api/doorbots/{id}/health",
        "/clients_api/profile | /clients_api/profile",
        "/v1/projects/ring-17770/installations | /v1/projects/ring-17770/installations",
        "/snapshots/uuid/2ef0d503-866c-49e3-bba6-7742ca8ea7a2 | /snapshots/uuid/{uuid}",
        "/devices/v1/devices/deadbeefcafe1234/history | /devices/v1/devices/{hex}/history",
        "/fcm/send/dGhpc0lzQUdjbVRva2VuVGhhdElzTG9uZw:APA91bH | /fcm/send/{token}",
        "/u/someone@example.com/avatar | /u/{email}/avatar",
        "/a/REDACTED:bearer:0123456789ab | /a/{secret}",
        "/path?with=query | /path",
        "https://api.ring.com/clients_api/x/1 | /clients_api/x/{id}",
        "'' | /",
        "/ | /",
        "/android-4092fd94f482afca/x | /{token}/x",
        "/motions_subscribe | /motions_subscribe",
    })
    void templates(String path, String template) {
        assertEquals(template, PathTemplate.of(path));
    }
}

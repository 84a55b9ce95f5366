package dev.trygr.analyzer.report;

import java.util.List;

/**
 * About the report itself.
 *
 * @param generator         what made it ({@code trygr 0.1.0})
 * @param generatedAtMicros when it was made
 * @param captureFile       the capture's file name (no folder)
 * @param schemaVersion     the capture's schema version when read (older captures are upgraded in place first)
 * @param session           the one session reported on, null for all
 * @param personalDataScan  whether personal-data detection ran (section 3); false leaves that section empty
 * @param notes             caps that were reached and other caveats, for people
 * @param domainListAbout   what trygr's domain list is and what it was written from
 * @param domainSources     the sources the domain list rests on
 */
public record ReportMeta(String generator, long generatedAtMicros, String captureFile, int schemaVersion,
                         Long session, boolean personalDataScan, List<String> notes, String domainListAbout,
                         List<DomainCatalog.Source> domainSources) {
    public ReportMeta {
        notes = List.copyOf(notes);
        domainSources = List.copyOf(domainSources);
    }
}

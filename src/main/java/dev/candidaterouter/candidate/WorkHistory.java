package dev.candidaterouter.candidate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The facts {@link ProfileAssembler} derives from Knit's experiences: years in work and the current job. */
final class WorkHistory {
    static final double DAYS_PER_YEAR = 365.25;

    private WorkHistory() {
    }

    /**
     * Years covered by at least one job: each job runs from its start to its end, or to today when it is
     * current or has no end; overlapping jobs count once, future days not at all. Jobs without a start are
     * left out silently (nothing to measure); jobs ending before they start are left out and reported; a job whose
     * end date was present but unreadable (already reported) is left out rather than counted up to today.
     */
    static double yearsOfExperience(List<Experience> experiences, LocalDate today, List<DataIssue> issues) {
        List<LocalDate[]> spans = new ArrayList<>();
        for (int i = 0; i < experiences.size(); i++) {
            Experience job = experiences.get(i);
            LocalDate start = job.startDate();
            if (start == null) {
                continue;
            }
            String endField = ModelPart.EXPERIENCES + "[" + i + "].endDate";
            if (job.endDate() == null && !Boolean.TRUE.equals(job.currentlyWorking())
                    && issues.stream().anyMatch(issue -> issue.field().equals(endField))) {
                // The end date was there but unreadable: running the job to today could add years that never were.
                continue;
            }
            if (job.endDate() != null && job.endDate().isBefore(start)) {
                issues.add(new DataIssue(ModelPart.EXPERIENCES + "[" + i + "].endDate",
                        "ends (" + job.endDate() + ") before it starts (" + start + "); left out of years of experience"));
                continue;
            }
            LocalDate end = job.isCurrent() ? today : job.endDate();
            if (end.isAfter(today)) {
                end = today;
            }
            if (start.isBefore(end)) {
                spans.add(new LocalDate[] {start, end});
            }
        }
        spans.sort(Comparator.comparing(span -> span[0]));
        long days = 0;
        LocalDate mergedStart = null;
        LocalDate mergedEnd = null;
        for (LocalDate[] span : spans) {
            if (mergedEnd != null && !span[0].isAfter(mergedEnd)) {
                if (span[1].isAfter(mergedEnd)) {
                    mergedEnd = span[1];
                }
                continue;
            }
            if (mergedEnd != null) {
                days += ChronoUnit.DAYS.between(mergedStart, mergedEnd);
            }
            mergedStart = span[0];
            mergedEnd = span[1];
        }
        if (mergedEnd != null) {
            days += ChronoUnit.DAYS.between(mergedStart, mergedEnd);
        }
        return days / DAYS_PER_YEAR;
    }

    /**
     * The job that names the candidate's current title and company: among current jobs the latest started
     * (undated ones last), else the job that ended last; ties go to the ATS's order. Entries with neither a
     * title nor a company say nothing and are skipped.
     */
    static Optional<Experience> currentJob(List<Experience> experiences) {
        List<Experience> named = experiences.stream()
                .filter(job -> !isBlank(job.jobTitle()) || !isBlank(job.company()))
                .toList();
        Optional<Experience> current = named.stream()
                .filter(Experience::isCurrent)
                .sorted(Comparator.comparing(Experience::startDate, Comparator.nullsLast(Comparator.reverseOrder())))
                .findFirst();
        if (current.isPresent()) {
            return current;
        }
        return named.stream()
                .sorted(Comparator.comparing(Experience::endDate, Comparator.nullsLast(Comparator.reverseOrder())))
                .findFirst();
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}

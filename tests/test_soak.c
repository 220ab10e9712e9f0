/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_soak.c - every public function called for a time budget (up to 100,000 times):
 * the fd count never moves and, outside AddressSanitizer builds, resident memory is flat
 * over the second half (at most 256 KiB more: a leak of 16 bytes a call shows after
 * 16,384 calls). LeakSanitizer covers the sanitizer builds. The long runs and their
 * figures: `make soak`, docs/RELIABILITY.md.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "soak.h"

TEST(every_function_runs_long_without_growing_memory_or_fds)
{
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        pause();
        _exit(0);
    }
    calls_target = child;
    long total = 0;
    for (size_t i = 0; i < ncalls; i++) {
        struct soak_result r;
        soak(&calls[i], 100000, calls[i].heavy ? 1.0 : 0.6, &r);
        printf("%-26s %7ld calls %6.2f s  rss %+8.0f B (%.3f B/call)  fds %d -> %d\n",
               calls[i].name, r.calls, r.seconds, r.growth, r.slope, r.fds[0],
               r.fds[r.samples - 1]);
        for (int s = 1; s < r.samples; s++)
            CHECK_MSG(r.fds[s] == r.fds[0], "%s: %d fds after %ld calls, %d before", calls[i].name,
                      r.fds[s], (long)(s + 1) * (r.calls / r.samples), r.fds[0]);
        if (soak_rss_meaningful())
            CHECK_MSG(r.growth <= 256 * 1024,
                      "%s: resident memory grew %.0f bytes over the last "
                      "%ld calls",
                      calls[i].name, r.growth, r.calls / 2);
        CHECK_MSG(r.failures == 0 || strcmp(calls[i].name, "sensors_battery") == 0 ||
                      strcmp(calls[i].name, "pressure") == 0 ||
                      strcmp(calls[i].name, "cpu_schedstat") == 0 ||
                      strcmp(calls[i].name, "cpu_freq") == 0 ||
                      strcmp(calls[i].name, "cpu_freq_percpu") == 0,
                  "%s failed %ld of %ld calls", calls[i].name, r.failures, r.calls);
        total += r.calls;
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    CHECK(total > 100000);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * soak - the long run of the soak test (make soak CALLS=N SOAK_SECONDS=S): every public
 * function (or those named after N and S) called N times (100,000 by default; at most S
 * seconds each when S > 0), a
 * line per function with its calls, time, resident-memory growth and slope over the
 * second half, and fds before and after. Exits 1 when an fd count moved or memory grew
 * more than 256 KiB over the second half. docs/RELIABILITY.md has a run's figures.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../soak.h"

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000;
    double cap = argc > 2 ? atof(argv[2]) : 0;
    pid_t child = fork();
    if (child < 0)
        return 1;
    if (child == 0) {
        pause();
        _exit(0);
    }
    calls_target = child;
    int bad = 0;
    long total = 0;
    printf("function\tcalls\tseconds\trss_growth_bytes\tbytes_per_call\tfds_before\tfds_after\n");
    for (size_t i = 0; i < ncalls; i++) {
        int named = argc <= 3;
        for (int a = 3; a < argc; a++)
            named |= strcmp(argv[a], calls[i].name) == 0;
        if (!named)
            continue;
        struct soak_result r;
        soak(&calls[i], n, cap, &r);
        int fd_moved = 0;
        for (int s = 1; s < r.samples; s++)
            fd_moved |= r.fds[s] != r.fds[0];
        int grew = soak_rss_meaningful() && r.growth > 256 * 1024;
        bad |= fd_moved || grew;
        total += r.calls;
        printf("%s\t%ld\t%.2f\t%.0f\t%.4f\t%d\t%d%s\n", calls[i].name, r.calls, r.seconds, r.growth,
               r.slope, r.fds[0], r.fds[r.samples - 1],
               fd_moved ? "\tFDS MOVED"
               : grew   ? "\tGREW"
                        : "");
        fflush(stdout);
    }
    printf("total\t%ld\n", total);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return bad;
}

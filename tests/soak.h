/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * soak.h - one public function called over and over with its memory and fds watched
 * (soak.c): the test (test_soak.c) gives each a time budget, `make soak` (tests/soak/)
 * the 100,000 calls.
 */
#ifndef PSUTIL_TEST_SOAK_H
#define PSUTIL_TEST_SOAK_H

#include "calls.h"

enum { SOAK_SAMPLES = 20 };

struct soak_result {
    long calls;               /* calls made after the warm-up */
    double seconds;           /* their time */
    long failures;            /* calls that did not return 0 */
    double rss[SOAK_SAMPLES]; /* bytes, after each twentieth of the calls */
    int fds[SOAK_SAMPLES];    /* open fds at the same points */
    int samples;              /* how many were taken (fewer when time ran out) */
    double slope;             /* bytes per call over the second half (least squares) */
    double growth;            /* bytes, last sample less the middle one */
};

/* Calls c up to n times after a warm-up of n / 10 (at most 1,000), stopping early once
 * max_seconds have passed (0: no limit), sampling RSS (/proc/self/statm) and the fd
 * count SOAK_SAMPLES times. */
void soak(const struct call *c, long n, double max_seconds, struct soak_result *r);

/* The open fds of pid (0: this process), from /proc/PID/fd; this process's own count
 * leaves out the listing's fd. */
int soak_fds(int pid);

/* 1 when RSS means something: not under AddressSanitizer, whose quarantine keeps freed
 * memory resident (LeakSanitizer watches leaks there). */
int soak_rss_meaningful(void);

#endif

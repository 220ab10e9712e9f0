/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * soak.c - the long-running check behind soak.h.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "soak.h"

#if defined(__SANITIZE_ADDRESS__)
#define SOAK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOAK_ASAN 1
#endif
#endif

int soak_rss_meaningful(void)
{
#ifdef SOAK_ASAN
    return 0;
#else
    return 1;
#endif
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double rss_bytes(void)
{
    unsigned long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu %lu", &size, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return (double)resident * (double)sysconf(_SC_PAGESIZE);
}

int soak_fds(int pid)
{
    char path[64];
    snprintf(path, sizeof(path), pid ? "/proc/%d/fd" : "/proc/self/fd", pid);
    int n = 0;
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return pid ? n : n - 1;
}

void soak(const struct call *c, long n, double max_seconds, struct soak_result *r)
{
    unsigned char out[CALL_OUT_MAX];
    memset(r, 0, sizeof(*r));
    long warm = n / 10 < 1000 ? n / 10 : 1000, done = 0;
    double tw = seconds_now();
    for (; done < warm && (max_seconds <= 0 || done < 10 || seconds_now() - tw < max_seconds / 10);
         done++)
        c->run(out);
    /* The warm-up's pace sizes the run to the time budget. */
    double per_call = (seconds_now() - tw) / (double)(done ? done : 1);
    if (max_seconds > 0 && per_call > 0 && (double)n * per_call > max_seconds)
        n = (long)(max_seconds / per_call) > SOAK_SAMPLES ? (long)(max_seconds / per_call)
                                                          : SOAK_SAMPLES;
    double t0 = seconds_now();
    long chunk = n / SOAK_SAMPLES > 0 ? n / SOAK_SAMPLES : 1;
    for (int s = 0; s < SOAK_SAMPLES; s++) {
        for (long i = 0; i < chunk; i++)
            r->failures += c->run(out) != 0;
        r->calls += chunk;
        r->rss[s] = rss_bytes();
        r->fds[s] = soak_fds(0);
        r->samples = s + 1;
        if (max_seconds > 0 && seconds_now() - t0 > 2 * max_seconds && s >= 3)
            break;
    }
    r->seconds = seconds_now() - t0;
    /* The second half: allocator arenas and caches settle in the first. */
    int first = r->samples / 2, m = r->samples - first;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int s = first; s < r->samples; s++) {
        double x = (double)(s + 1) * (double)chunk, y = r->rss[s];
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    double den = m * sxx - sx * sx;
    r->slope = m > 1 && den != 0 ? (m * sxy - sx * sy) / den : 0;
    r->growth = r->rss[r->samples - 1] - r->rss[first];
}

/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sysconst.c - values that cannot change while the process runs (clock ticks, page
 * size), read on first use and cached with atomics; the monotonic clock; and a
 * signal-proof sleep.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <time.h>
#include <unistd.h>

#include "unix.h"

static long cached(long *slot, int name, long fallback)
{
    long v = __atomic_load_n(slot, __ATOMIC_RELAXED);
    if (v > 0)
        return v;
    v = sysconf(name);
    if (v <= 0)
        v = fallback;
    __atomic_store_n(slot, v, __ATOMIC_RELAXED);
    return v;
}

long psutil__clock_ticks(void)
{
    static long ticks;
    return cached(&ticks, _SC_CLK_TCK, 100);
}

long psutil__page_size(void)
{
    static long page;
    return cached(&page, _SC_PAGESIZE, 4096);
}

double psutil__monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void psutil__sleep(double seconds)
{
    /* In slices of at most a day: a double of any size never meets a time_t conversion
     * out of range, and the total is still slept. */
    double end = psutil__monotonic() + seconds;
    while (seconds > 0) {
        double slice = seconds > 86400.0 ? 86400.0 : seconds;
        struct timespec ts;
        ts.tv_sec = (time_t)floor(slice);
        ts.tv_nsec = (long)((slice - floor(slice)) * 1e9);
        if (ts.tv_nsec >= 1000000000L)
            ts.tv_nsec = 999999999L;
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
        seconds = end - psutil__monotonic();
    }
}

int psutil__poll_ms(double left)
{
    if (isinf(left) && left > 0)
        return -1;
    if (!(left > 0))
        return 0;
    double ms = ceil(left * 1000.0);
    return ms >= (double)INT_MAX ? INT_MAX : (int)ms;
}

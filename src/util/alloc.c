/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * alloc.c - the library's allocation wrappers. They exist so a test can make the Nth
 * allocation fail and prove that every path returns PSUTIL_ENOMEM without a leak.
 */
#include <stdlib.h>

#include "../internal.h"

/* Countdown to an injected failure; 0 means none. Tests run single-threaded. */
static long fail_countdown;

void psutil__test_fail_alloc_after(long nth)
{
    fail_countdown = nth > 0 ? nth : 0;
}

static int injected_failure(void)
{
    if (fail_countdown == 0)
        return 0;
    return --fail_countdown == 0;
}

void *psutil__malloc(size_t size)
{
    return injected_failure() ? NULL : malloc(size ? size : 1);
}

void *psutil__calloc(size_t n, size_t size)
{
    return injected_failure() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *psutil__realloc(void *p, size_t size)
{
    return injected_failure() ? NULL : realloc(p, size ? size : 1);
}

void psutil__dealloc(void *p)
{
    free(p);
}

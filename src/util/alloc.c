/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * alloc.c - the library's allocation wrappers. They exist so a test can make the Nth
 * allocation fail and prove that every path returns PSUTIL_ENOMEM without a leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

size_t psutil__grown_cap(size_t cap, size_t first)
{
    if (cap == 0)
        return first;
    return cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
}

int psutil__resize(void *array, size_t cap, size_t size, const char *what)
{
    void *old, *grown;
    memcpy(&old, array, sizeof(old)); /* array is the address of a typed pointer */
    if (size && cap > SIZE_MAX / size)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "%s: %zu items", what, cap);
    grown = psutil__realloc(old, cap * size);
    if (!grown)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "%s", what);
    memcpy(array, &grown, sizeof(grown));
    return 0;
}

int psutil__grow(void *array, size_t *cap, size_t n, size_t size, size_t first, const char *what)
{
    if (n < *cap)
        return 0;
    size_t want = psutil__grown_cap(*cap, first);
    int rc = psutil__resize(array, want, size, what);
    if (rc == 0)
        *cap = want;
    return rc;
}

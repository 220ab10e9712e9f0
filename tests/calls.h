/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * calls.h - the public functions as a table of repeatable calls (calls.c).
 */
#ifndef PSUTIL_TEST_CALLS_H
#define PSUTIL_TEST_CALLS_H

#include <stddef.h>

#include <psutil.h>

enum { CALL_OUT_MAX = 4096 };

struct call {
    const char *name;
    int (*run)(void *out); /* writes only into out (CALL_OUT_MAX bytes); frees what it got */
    size_t size;           /* bytes of out it may write */
    int heavy;             /* walks every process */
    int rows;              /* a row's field that cannot be read is left out of its have
                              bits (the table, the monitor): not a failure of the call */
};

/* The process the per-process calls open (set it before calling them). */
extern psutil_pid_t calls_target;
/* Every call: the system-wide ones first, then the per-process ones from CALLS_PROC. */
extern const struct call calls[];
extern const size_t ncalls;
enum { CALLS_PROC = 44 };

#endif

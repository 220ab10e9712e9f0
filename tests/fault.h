/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fault.h - system-call fault injection for the test runner. The runner is linked with
 * -Wl,--wrap for each call below (Makefile, FAULT_WRAP), so every call the library makes
 * goes through tests/fault.c: counted by class, and the Nth call of a class can be made
 * to fail with a chosen errno. Disarmed, the wrappers only pass through. Counters are
 * atomic (the library's worker threads call too).
 */
#ifndef PSUTIL_TEST_FAULT_H
#define PSUTIL_TEST_FAULT_H

enum fault_class {
    FAULT_OPEN,      /* open, openat, opendir */
    FAULT_FDOPENDIR, /* fdopendir */
    FAULT_READ,      /* read, pread */
    FAULT_DENTS,     /* getdents64, readdir */
    FAULT_READLINK,  /* readlinkat */
    FAULT_STATVFS,   /* statvfs */
    FAULT_SOCKET,    /* socket */
    FAULT_RECV,      /* recv */
    FAULT_IOCTL,     /* ioctl */
    FAULT_NCLASSES
};

/* The class's name ("open", "read", ...). */
const char *fault_class_name(int cls);
/* The errnos a call of the class can return, 0-terminated. */
const int *fault_errnos(int cls);

/* Starts counting every class from 0 and, when nth > 0, makes the nth call of cls fail
 * with err (once). */
void fault_arm(int cls, long nth, int err);
/* Stops injecting (counting goes on until the next arm). */
void fault_disarm(void);
/* Calls of cls since the last arm. */
long fault_count(int cls);
/* 1 when the armed failure was injected. */
int fault_fired(void);

#endif

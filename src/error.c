/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * error.c - the error codes' names and texts, the thread-local last-error record,
 * psutil_version() and psutil_free().
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static _Thread_local psutil_error_info_t last_error;

struct code_text {
    int code;
    const char *name;
    const char *text;
};

static const struct code_text codes[] = {
    {PSUTIL_OK, "PSUTIL_OK", "success"},
    {PSUTIL_ENOSUCHPROC, "PSUTIL_ENOSUCHPROC", "no such process"},
    {PSUTIL_EZOMBIE, "PSUTIL_EZOMBIE", "process is a zombie"},
    {PSUTIL_EACCES, "PSUTIL_EACCES", "access denied"},
    {PSUTIL_ETIMEOUT, "PSUTIL_ETIMEOUT", "timed out"},
    {PSUTIL_EINVAL, "PSUTIL_EINVAL", "invalid argument"},
    {PSUTIL_ENOMEM, "PSUTIL_ENOMEM", "out of memory"},
    {PSUTIL_ENOBUFS, "PSUTIL_ENOBUFS", "buffer too small"},
    {PSUTIL_ENOTSUP, "PSUTIL_ENOTSUP", "not supported on this system"},
    {PSUTIL_EPARSE, "PSUTIL_EPARSE", "unexpected format in a kernel file"},
    {PSUTIL_EOS, "PSUTIL_EOS", "operating system error"},
};

static const struct code_text *find_code(int code)
{
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
        if (codes[i].code == code)
            return &codes[i];
    return NULL;
}

const char *psutil_strerror(int code)
{
    const struct code_text *c = find_code(code);
    return c ? c->text : "unknown error";
}

const char *psutil_err_name(int code)
{
    const struct code_text *c = find_code(code);
    return c ? c->name : "PSUTIL_EUNKNOWN";
}

int psutil_is_gone(int code)
{
    return code == PSUTIL_ENOSUCHPROC || code == PSUTIL_EZOMBIE;
}

int(psutil_last_error)(psutil_error_info_t *out, size_t size)
{
    /* Neither failure records itself: the record asked for stays as it was. */
    if (!out || size == 0)
        return PSUTIL_EINVAL;
    psutil__copy_out(out, size, &last_error, sizeof(last_error));
    return 0;
}

void psutil_clear_error(void)
{
    memset(&last_error, 0, sizeof(last_error));
}

int psutil__error(int code, int os_errno, const char *path, const char *fmt, ...)
{
    last_error.code = code;
    last_error.os_errno = os_errno;
    snprintf(last_error.path, sizeof(last_error.path), "%s", path ? path : "");
    last_error.detail[0] = '\0';
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(last_error.detail, sizeof(last_error.detail), fmt, ap);
        va_end(ap);
    }
    return code;
}

int psutil__error_context(const char *path, const char *fmt, ...)
{
    if (path)
        snprintf(last_error.path, sizeof(last_error.path), "%s", path);
    if (fmt) {
        char old[sizeof(last_error.detail)], *d = last_error.detail;
        size_t size = sizeof(last_error.detail);
        memcpy(old, d, size);
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(d, size, fmt, ap);
        va_end(ap);
        if (k >= 0 && (size_t)k + 3 < size) { /* room for ": " and a byte: append */
            size_t room = size - (size_t)k - 3, m = strnlen(old, size - 1);
            memcpy(d + k, ": ", 2);
            memcpy(d + k + 2, old, m < room ? m : room);
            d[(size_t)k + 2 + (m < room ? m : room)] = '\0';
        }
    }
    return last_error.code;
}

int psutil__error_from_errno(int os_errno, const char *path)
{
    int code;
    switch (os_errno) {
    case EACCES:
    case EPERM:
        code = PSUTIL_EACCES;
        break;
    case ENOMEM:
        code = PSUTIL_ENOMEM;
        break;
    default:
        code = PSUTIL_EOS;
        break;
    }
    return psutil__error(code, os_errno, path, "cannot read: %s", strerror(os_errno));
}

const char *psutil_version(void)
{
    return PSUTIL_VERSION_STRING;
}

void psutil_free(void *block)
{
    psutil__dealloc(block);
}

/* SPDX-License-Identifier: BSD-3-Clause */
/* sysctl.c - psutil_sysctl: the name checked here, read by the backend. */
#include <string.h>

#include "internal.h"
#include "os.h"

/* A name the backend may turn into a path: 1 to 255 bytes, no part empty, "." or "..",
 * no leading separator. */
static int valid_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > 255)
        return 0;
    char sep = strchr(name, '/') ? '/' : '.';
    for (const char *p = name;;) {
        const char *e = strchr(p, sep);
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (k == 0 || (k == 1 && p[0] == '.') || (k == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        if (!e)
            return 1;
        p = e + 1;
    }
}

int psutil_sysctl(const char *name, int64_t *values, size_t max, size_t *n)
{
    if (!name || !n || (max > 0 && !values))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL argument");
    if (!valid_name(name))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "not a sysctl name");
    /* Read into a copy: nothing reaches the caller on error. */
    int64_t small[64], *tmp = small;
    if (max > 64 && !(tmp = psutil__calloc(max, sizeof(*tmp))))
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "sysctl values");
    size_t got = 0;
    int rc = psutil__os_sysctl(name, tmp, max, &got);
    if (rc == 0) {
        if (got > 0 && max > 0)
            memcpy(values, tmp, (got < max ? got : max) * sizeof(*tmp));
        *n = got;
    }
    if (tmp != small)
        psutil__dealloc(tmp);
    return rc;
}

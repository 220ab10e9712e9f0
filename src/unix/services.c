/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * services.c - Windows services on the Unix backends: there are none.
 */
#include "../os.h"

int psutil__os_win_services(const char *name, psutil_win_service_t **out, size_t *out_n)
{
    (void)name;
    (void)out;
    (void)out_n;
    return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "Windows services exist on Windows only");
}

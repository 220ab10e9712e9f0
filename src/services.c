/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * services.c - psutil_win_services() and psutil_win_service_get(): argument checks and
 * the caller's stride; the Service Control Manager is the backend's (src/windows/;
 * the others answer PSUTIL_ENOTSUP).
 */
#include "internal.h"
#include "os.h"

int(psutil_win_services)(psutil_win_service_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_win_service_t, psutil__layout_win_service, out, out_n, stride,
                     psutil__os_win_services(NULL, &blk_, &n_));
}

static int get_one(const char *name, psutil_win_service_t **out, size_t *out_n)
{
    if (!name)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL service name");
    return psutil__os_win_services(name, out, out_n);
}

int(psutil_win_service_get)(const char *name, psutil_win_service_t **out, size_t stride)
{
    size_t n = 0;
    size_t *n_out = &n; /* the list machinery's count: 1 */
    PSUTIL__LIST_OUT(psutil_win_service_t, psutil__layout_win_service, out, n_out, stride,
                     get_one(name, &blk_, &n_));
}

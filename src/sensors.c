/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sensors.c - the portable side of sensors and users: argument checks and the
 * "written only on success" rule around the backend.
 */
#include "internal.h"
#include "os.h"

int psutil_sensors_temperatures(psutil_temperature_t **out, size_t *out_n)
{
    if (!out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    return psutil__os_sensors_temperatures(out, out_n);
}

int psutil_sensors_fans(psutil_fan_t **out, size_t *out_n)
{
    if (!out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    return psutil__os_sensors_fans(out, out_n);
}

int psutil_sensors_battery(psutil_battery_t *out)
{
    psutil_battery_t b;
    if (!out)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    int rc = psutil__os_sensors_battery(&b);
    if (rc == 0)
        *out = b;
    return rc;
}

int psutil_users(psutil_user_t **out, size_t *out_n)
{
    if (!out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    return psutil__os_users(out, out_n);
}

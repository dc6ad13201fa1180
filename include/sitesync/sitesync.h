/* sitesync/sitesync.h - the whole plugin SDK. */
#ifndef SITESYNC_SITESYNC_H
#define SITESYNC_SITESYNC_H

#include <sitesync/error.h>
#include <sitesync/context.h>
#include <sitesync/plugin.h>
#include <sitesync/buf.h>
#include <sitesync/format.h>
#include <sitesync/interrupt.h>
#include <sitesync/json.h>
#include <sitesync/event.h>
#include <sitesync/node.h>
#include <sitesync/alias.h>
#include <sitesync/db.h>
#include <sitesync/safety.h>
#include <sitesync/ssh.h>

#endif

/* order.h - the topological order of DDL changes (dependencies first, then kind rank). */
#ifndef SS_PG_ORDER_H
#define SS_PG_ORDER_H

#include <stddef.h>

struct ss_pg_edge {
	size_t before, after;  /* node `before` must come before node `after` */
};

/*
 * Order n nodes so that every edge's `before` precedes its `after`; among
 * nodes ready together the lower rank comes first, then the lower index.  A
 * cycle is broken at its lowest (rank, index) node.  Writes a permutation of
 * 0..n-1 into order.
 */
void ss_pg_toposort(size_t n, const int *rank, const struct ss_pg_edge *edges, size_t nedges,
		    size_t *order);

#endif

/* order.c - Kahn's topological sort with a rank-ordered heap, for ordering DDL changes. */
#include "config.h"

#include <stdlib.h>

#include <sitesync/buf.h>

#include "lib/pg/order.h"

struct heap {
	size_t *v;
	size_t n;
	const int *rank;
};

static int less(const struct heap *h, size_t a, size_t b)
{
	return h->rank[a] != h->rank[b] ? h->rank[a] < h->rank[b] : a < b;
}

static void heap_push(struct heap *h, size_t x)
{
	size_t i = h->n++;

	h->v[i] = x;
	while (i > 0 && less(h, h->v[i], h->v[(i - 1) / 2])) {
		size_t p = (i - 1) / 2, t = h->v[p];

		h->v[p] = h->v[i];
		h->v[i] = t;
		i = p;
	}
}

static size_t heap_pop(struct heap *h)
{
	size_t top = h->v[0], i = 0;

	h->v[0] = h->v[--h->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i, t;

		if (l < h->n && less(h, h->v[l], h->v[m]))
			m = l;
		if (r < h->n && less(h, h->v[r], h->v[m]))
			m = r;
		if (m == i)
			break;
		t = h->v[m];
		h->v[m] = h->v[i];
		h->v[i] = t;
		i = m;
	}
	return top;
}

void ss_pg_toposort(size_t n, const int *rank, const struct ss_pg_edge *edges, size_t nedges,
		    size_t *order)
{
	size_t *indeg = ss_xcalloc(n + 1, sizeof(size_t));
	size_t *start = ss_xcalloc(n + 2, sizeof(size_t));
	size_t *adj = ss_xcalloc(nedges + 1, sizeof(size_t));
	char *done = ss_xcalloc(n + 1, 1);
	struct heap h = { ss_xcalloc(n + 1, sizeof(size_t)), 0, rank };
	size_t out = 0;

	/* adjacency in compressed rows: the successors of i are adj[start[i]..start[i+1]) */
	for (size_t e = 0; e < nedges; e++) {
		start[edges[e].before + 1]++;
		indeg[edges[e].after]++;
	}
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	{
		size_t *fill = ss_xcalloc(n + 1, sizeof(size_t));

		for (size_t e = 0; e < nedges; e++)
			adj[start[edges[e].before] + fill[edges[e].before]++] = edges[e].after;
		free(fill);
	}
	for (size_t i = 0; i < n; i++)
		if (!indeg[i])
			heap_push(&h, i);
	while (out < n) {
		size_t x;

		if (h.n) {
			x = heap_pop(&h);
		} else {
			/* a cycle: take the lowest remaining node */
			x = n;
			for (size_t i = 0; i < n; i++)
				if (!done[i] && (x == n || less(&h, i, x)))
					x = i;
		}
		if (done[x])
			continue;
		done[x] = 1;
		order[out++] = x;
		for (size_t k = start[x]; k < start[x + 1]; k++) {
			size_t y = adj[k];

			if (indeg[y] && --indeg[y] == 0 && !done[y])
				heap_push(&h, y);
		}
	}
	free(indeg);
	free(start);
	free(adj);
	free(done);
	free(h.v);
}

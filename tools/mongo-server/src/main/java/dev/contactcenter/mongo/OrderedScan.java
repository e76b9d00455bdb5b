package dev.contactcenter.mongo;

import de.bwaldvogel.mongo.backend.DocumentComparator;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A sorted query read in an index's order, as MongoDB reads a page of `find(...).sort(...).limit(n)`: the index's
 * first keys are pinned by the query's equalities (each {@code $in} value read on its own and merged), the sort names
 * the next keys in the index's directions or all reversed, and a range on the first sorted key (a page's cursor,
 * {@code _id: { $lt: … }}) starts the read there. The caller matches each document against the whole query and
 * stops at the limit, so a page costs its own documents, not every candidate matched and sorted.
 *
 * Only indexes in which each document has exactly one key answer (SecondaryIndex.isOrderable): the order of a
 * multikey field is not its keys' order.
 */
final class OrderedScan {

    private final SecondaryIndex index;
    private final List<List<Object>> prefixes;
    private final Range range;
    private final boolean reversed;
    private final long size;

    private OrderedScan(SecondaryIndex index, List<List<Object>> prefixes, Range range, boolean reversed) {
        this.index = index;
        this.prefixes = prefixes;
        this.range = range;
        this.reversed = reversed;
        this.size = prefixes.stream().mapToLong(index::count).sum();
    }

    /** How many documents the pinned keys hold: what the read costs at most. */
    long size() {
        return size;
    }

    /** The smallest scan that answers the query in this order, or null. */
    static OrderedScan plan(List<Index<Integer>> indexes, Document query, Document orderBy) {
        List<String> sortKeys = new ArrayList<>(orderBy.keySet());
        List<Boolean> sortAscending = new ArrayList<>(sortKeys.size());
        for (String key : sortKeys) {
            if (!(orderBy.get(key) instanceof Number direction) || direction.intValue() == 0) {
                return null;
            }
            sortAscending.add(direction.intValue() > 0);
        }
        Map<String, List<Object>> equalities = QueryPlanner.equalities(query);
        OrderedScan best = null;
        for (Index<Integer> candidate : indexes) {
            if (!(candidate instanceof SecondaryIndex secondary) || !secondary.isOrderable()) {
                continue;
            }
            OrderedScan scan = scanOf(secondary, equalities, query, sortKeys, sortAscending);
            if (scan != null && (best == null || scan.size < best.size)) {
                best = scan;
            }
        }
        return best;
    }

    private static OrderedScan scanOf(SecondaryIndex index, Map<String, List<Object>> equalities, Document query,
                                      List<String> sortKeys, List<Boolean> sortAscending) {
        List<IndexKey> keys = index.getKeys();
        int pinned = 0;
        while (pinned < keys.size() && equalities.containsKey(keys.get(pinned).getKey())) {
            pinned++;
        }
        if (pinned + sortKeys.size() > keys.size()) {
            return null;
        }
        Boolean reversed = null;
        for (int i = 0; i < sortKeys.size(); i++) {
            IndexKey key = keys.get(pinned + i);
            if (!key.getKey().equals(sortKeys.get(i))) {
                return null;
            }
            boolean against = key.isAscending() != sortAscending.get(i);
            if (reversed != null && reversed != against) {
                return null;
            }
            reversed = against;
        }
        List<String> pinnedKeys = keys.subList(0, pinned).stream().map(IndexKey::getKey).toList();
        List<List<Object>> prefixes = QueryPlanner.combinations(pinnedKeys, equalities);
        if (prefixes == null) {
            return null;
        }
        IndexKey next = keys.get(pinned);
        return new OrderedScan(index, prefixes, Range.of(query.get(next.getKey()), next.isAscending()), reversed);
    }

    /**
     * The documents in the sort's order. With several pinned prefixes ({@code $in}), each is read in order and they
     * are merged by the sort; equal sort keys come in natural order.
     */
    Stream<Document> documents(IntFunction<Document> byPosition, Document orderBy) {
        List<Iterator<Integer>> reads = prefixes.stream()
            .map(prefix -> index.orderedPositions(prefix, range.from(prefix), range.to(prefix), reversed))
            .toList();
        Iterator<Document> documents = reads.size() == 1
            ? mapped(reads.get(0), byPosition)
            : merged(reads, byPosition, new DocumentComparator(orderBy));
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(documents, Spliterator.ORDERED), false);
    }

    private static Iterator<Document> mapped(Iterator<Integer> positions, IntFunction<Document> byPosition) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return positions.hasNext();
            }

            @Override
            public Document next() {
                return byPosition.apply(positions.next());
            }
        };
    }

    private record Head(Document document, int position, Iterator<Integer> rest) {
    }

    private static Iterator<Document> merged(List<Iterator<Integer>> reads, IntFunction<Document> byPosition,
                                             Comparator<Document> sort) {
        PriorityQueue<Head> heads = new PriorityQueue<>(
            Comparator.<Head, Document>comparing(Head::document, sort).thenComparingInt(Head::position));
        for (Iterator<Integer> read : reads) {
            if (read.hasNext()) {
                int position = read.next();
                heads.add(new Head(byPosition.apply(position), position, read));
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Document next() {
                Head head = heads.remove();
                if (head.rest().hasNext()) {
                    int position = head.rest().next();
                    heads.add(new Head(byPosition.apply(position), position, head.rest()));
                }
                return head.document();
            }
        };
    }

    /**
     * A range of the first sorted key from its top-level {@code $gt}/{@code $gte} and {@code $lt}/{@code $lte}, as
     * bounds in the index's order. One bound of each side is enough: the matcher applies the rest.
     */
    private record Range(Object lower, boolean lowerIncluded, Object upper, boolean upperIncluded,
                         boolean ascending) {

        static Range of(Object condition, boolean ascending) {
            Object lower = null;
            Object upper = null;
            boolean lowerIncluded = false;
            boolean upperIncluded = false;
            if (condition instanceof Document operators) {
                if (QueryPlanner.isScalar(operators.get("$gt"))) {
                    lower = operators.get("$gt");
                } else if (QueryPlanner.isScalar(operators.get("$gte"))) {
                    lower = operators.get("$gte");
                    lowerIncluded = true;
                }
                if (QueryPlanner.isScalar(operators.get("$lt"))) {
                    upper = operators.get("$lt");
                } else if (QueryPlanner.isScalar(operators.get("$lte"))) {
                    upper = operators.get("$lte");
                    upperIncluded = true;
                }
            }
            return new Range(lower, lowerIncluded, upper, upperIncluded, ascending);
        }

        /** Where the prefix's read starts in the index's order, or null for the prefix's first key. */
        OrderedKey from(List<Object> prefix) {
            return ascending ? lowerBound(prefix) : upperBound(prefix);
        }

        /** Where it ends, or null for the prefix's last key. */
        OrderedKey to(List<Object> prefix) {
            return ascending ? upperBound(prefix) : lowerBound(prefix);
        }

        // In an ascending index a lower value bound is the start; in a descending one the end, and so on.
        private OrderedKey lowerBound(List<Object> prefix) {
            if (lower == null) {
                return null;
            }
            boolean before = ascending == lowerIncluded;
            return before ? OrderedKey.below(with(prefix, lower)) : OrderedKey.above(with(prefix, lower));
        }

        private OrderedKey upperBound(List<Object> prefix) {
            if (upper == null) {
                return null;
            }
            boolean before = ascending != upperIncluded;
            return before ? OrderedKey.below(with(prefix, upper)) : OrderedKey.above(with(prefix, upper));
        }

        private static List<Object> with(List<Object> prefix, Object value) {
            List<Object> extended = new ArrayList<>(prefix);
            extended.add(value);
            return extended;
        }
    }
}

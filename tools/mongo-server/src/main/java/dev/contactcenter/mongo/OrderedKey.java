package dev.contactcenter.mongo;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A key of an index in the index's order, or a bound between keys: {@code below(prefix)} sorts before every key that
 * starts with the prefix and {@code above(prefix)} after them, so that a sub-map between two bounds holds exactly the
 * keys of a prefix, or of a range of the next key.
 */
record OrderedKey(List<Object> values, int bound) {

    private static final int BELOW = -1;
    private static final int EXACT = 0;
    private static final int ABOVE = 1;

    static OrderedKey of(KeyValue key) {
        List<Object> values = new ArrayList<>(key.size());
        key.forEach(values::add);
        return new OrderedKey(values, EXACT);
    }

    static OrderedKey below(List<Object> prefix) {
        return new OrderedKey(prefix, BELOW);
    }

    static OrderedKey above(List<Object> prefix) {
        return new OrderedKey(prefix, ABOVE);
    }

    /** Values compared as MongoDB sorts them (numbers of any type by value), each key in its own direction. */
    static Comparator<OrderedKey> comparator(List<IndexKey> keys) {
        ValueComparator values = ValueComparator.asc();
        boolean[] ascending = new boolean[keys.size()];
        for (int i = 0; i < ascending.length; i++) {
            ascending[i] = keys.get(i).isAscending();
        }
        return (left, right) -> {
            int shared = Math.min(left.values.size(), right.values.size());
            for (int i = 0; i < shared; i++) {
                int compared = values.compare(left.values.get(i), right.values.get(i));
                if (compared != 0) {
                    return ascending[i] ? compared : -compared;
                }
            }
            if (left.values.size() == right.values.size()) {
                return Integer.compare(left.bound, right.bound);
            }
            // A shorter key is a bound around the longer keys that start with it.
            return left.values.size() < right.values.size() ? boundSide(left.bound) : -boundSide(right.bound);
        };
    }

    private static int boundSide(int bound) {
        return bound == ABOVE ? 1 : -1;
    }
}

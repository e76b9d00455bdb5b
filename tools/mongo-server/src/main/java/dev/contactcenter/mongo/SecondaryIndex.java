package dev.contactcenter.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * A non-unique index (mongo-java-server accepts these but ignores them, so every query that no unique index answers
 * exactly scans the whole collection). Entries are kept for every key prefix, so a query that constrains the first
 * k keys by equality or {@code $in} finds its candidates in one lookup per combination of values, as MongoDB's B-tree
 * prefix scans would. Candidates are only a superset: the collection still matches each against the whole query.
 *
 * Full keys are also kept in the index's order (each key's direction applied), so that a sorted query can read its
 * documents in order and stop at its limit (OrderedScan) rather than match and sort every candidate. Only an index in
 * which every document has exactly one full key answers in order: a multikey document (several keys) or one without
 * a full key (an empty array) would appear several times or not at all.
 *
 * Built as "sparse": mongo-java-server treats a removal that finds no entry as an error unless the index is sparse,
 * and a document whose indexed array is empty has no entries here (nor can it match an equality on that field).
 */
final class SecondaryIndex extends Index<Integer> {

    private static final String ID_FIELD = "_id";

    /** By prefix length - 1: the entries of that prefix, each the documents (by id) with their positions. */
    private final List<Map<KeyValue, Map<Object, Integer>>> byPrefix = new ArrayList<>();

    /**
     * The library's key extraction for each prefix, on its own: a document whose second key is an empty array has no
     * full key, but it still has a first key.
     */
    private final List<Index<Integer>> prefixKeys = new ArrayList<>();

    /** Full keys in index order: the documents (by id) with their positions. */
    private final TreeMap<OrderedKey, Map<Object, Integer>> ordered;

    /** A document without an id cannot be removed by id; the index then stops answering rather than miss it. */
    private boolean complete = true;

    /** False once a document has other than one full key: the index then no longer answers in order. */
    private boolean orderable = true;

    SecondaryIndex(String name, List<IndexKey> keys) {
        super(name, keys, true);
        for (int length = 1; length <= keys.size(); length++) {
            byPrefix.add(new HashMap<>());
            prefixKeys.add(new EmptyIndex<>(name + "/" + length, keys.subList(0, length)));
        }
        ordered = new TreeMap<>(OrderedKey.comparator(keys));
    }

    synchronized boolean isComplete() {
        return complete;
    }

    synchronized boolean isOrderable() {
        return complete && orderable;
    }

    /** How many documents have these first keys (every document when the prefix is empty). */
    synchronized long count(List<Object> prefix) {
        return prefix.isEmpty() ? getCount() : positions(new KeyValue(prefix)).size();
    }

    /**
     * The positions of the documents whose first keys equal {@code prefix}, in index order or reversed, from
     * {@code from} to {@code to} (bounds in index order, null for the prefix's ends). Documents with the same full key
     * come in their natural order, as a stable sort gives them. Read it under the collection's lock.
     */
    synchronized Iterator<Integer> orderedPositions(List<Object> prefix, OrderedKey from, OrderedKey to,
                                                   boolean reversed) {
        OrderedKey start = from != null ? from : OrderedKey.below(prefix);
        OrderedKey end = to != null ? to : OrderedKey.above(prefix);
        if (ordered.comparator().compare(start, end) > 0) {
            return List.<Integer>of().iterator();
        }
        NavigableMap<OrderedKey, Map<Object, Integer>> range = ordered.subMap(start, true, end, true);
        Iterator<Map<Object, Integer>> entries = (reversed ? range.descendingMap() : range).values().iterator();
        return new Iterator<>() {
            private Iterator<Integer> inEntry = List.<Integer>of().iterator();

            @Override
            public boolean hasNext() {
                while (!inEntry.hasNext() && entries.hasNext()) {
                    Collection<Integer> positions = entries.next().values();
                    inEntry = positions.size() == 1 ? positions.iterator()
                        : positions.stream().sorted().iterator();
                }
                return inEntry.hasNext();
            }

            @Override
            public Integer next() {
                hasNext();
                return inEntry.next();
            }
        };
    }

    /** The positions of documents whose first {@code prefix.size()} keys equal {@code prefix}. */
    synchronized Collection<Integer> positions(KeyValue prefix) {
        Map<Object, Integer> documents = byPrefix.get(prefix.size() - 1).get(prefix.normalized());
        return documents == null ? List.of() : documents.values();
    }

    @Override
    public Integer getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Integer> collection) {
    }

    @Override
    public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
        Object id = document.get(ID_FIELD);
        if (id == null) {
            complete = false;
            return;
        }
        int fullKeys = 0;
        for (KeyValue key : prefixes(document)) {
            byPrefix.get(key.size() - 1).computeIfAbsent(key, ignored -> new HashMap<>()).put(id, position);
            if (key.size() == byPrefix.size()) {
                ordered.computeIfAbsent(OrderedKey.of(key), ignored -> new HashMap<>()).put(id, position);
                fullKeys++;
            }
        }
        if (fullKeys != 1) {
            orderable = false;
        }
    }

    @Override
    public synchronized Integer remove(Document document) {
        Object id = document.get(ID_FIELD);
        Integer position = null;
        for (KeyValue key : prefixes(document)) {
            Map<KeyValue, Map<Object, Integer>> entries = byPrefix.get(key.size() - 1);
            Map<Object, Integer> documents = entries.get(key);
            if (documents == null) {
                continue;
            }
            Integer removed = documents.remove(id);
            if (removed != null) {
                position = removed;
            }
            if (documents.isEmpty()) {
                entries.remove(key);
            }
            if (key.size() == byPrefix.size()) {
                OrderedKey orderedKey = OrderedKey.of(key);
                Map<Object, Integer> inOrder = ordered.get(orderedKey);
                if (inOrder != null && inOrder.remove(id) != null && inOrder.isEmpty()) {
                    ordered.remove(orderedKey);
                }
            }
        }
        return position;
    }

    /**
     * Every prefix (1 … n keys) of every key value of the document (several for arrays: a multikey index). A document
     * the library cannot key (parallel arrays) leaves the index incomplete, and an incomplete index answers nothing.
     */
    private Set<KeyValue> prefixes(Document document) {
        Set<KeyValue> prefixes = new LinkedHashSet<>();
        try {
            for (Index<Integer> prefix : prefixKeys) {
                prefixes.addAll(prefix.getKeyValues(document));
            }
        } catch (RuntimeException unkeyable) {
            complete = false;
        }
        return prefixes;
    }

    @Override
    public boolean canHandle(Document query) {
        // Queries reach this index through QueryPlanner, which asks for prefixes; the library's own path stays off.
        return false;
    }

    @Override
    public Iterable<Integer> getPositions(Document query) {
        throw new UnsupportedOperationException("use positions(prefix)");
    }

    @Override
    public synchronized long getCount() {
        return byPrefix.get(byPrefix.size() - 1).values().stream().mapToLong(Map::size).sum();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Integer> collection) {
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Integer position,
                                           MongoCollection<Integer> collection) {
        if (sameEntries(oldDocument, newDocument)) {
            return;
        }
        remove(oldDocument);
        add(newDocument, position, collection);
    }

    /**
     * Equal full keys mean equal prefixes (the cheap test, for most updates), except when there is no full key (an
     * empty array) or the library cannot key the document: then the prefixes are compared.
     */
    private boolean sameEntries(Document oldDocument, Document newDocument) {
        try {
            Set<KeyValue> oldKeys = getKeyValues(oldDocument);
            if (!oldKeys.isEmpty()) {
                return oldKeys.equals(getKeyValues(newDocument));
            }
        } catch (RuntimeException unkeyable) {
            // compared by prefixes below
        }
        return prefixes(oldDocument).equals(prefixes(newDocument));
    }

    @Override
    public synchronized void drop() {
        byPrefix.forEach(Map::clear);
        ordered.clear();
    }
}

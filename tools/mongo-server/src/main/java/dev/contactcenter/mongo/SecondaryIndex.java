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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A non-unique index (mongo-java-server accepts these but ignores them, so every query that no unique index answers
 * exactly scans the whole collection). Entries are kept for every key prefix, so a query that constrains the first
 * k keys by equality or {@code $in} finds its candidates in one lookup per combination of values, as MongoDB's B-tree
 * prefix scans would. Candidates are only a superset: the collection still matches each against the whole query.
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

    /** A document without an id cannot be removed by id; the index then stops answering rather than miss it. */
    private boolean complete = true;

    SecondaryIndex(String name, List<IndexKey> keys) {
        super(name, keys, true);
        for (int length = 1; length <= keys.size(); length++) {
            byPrefix.add(new HashMap<>());
            prefixKeys.add(new EmptyIndex<>(name + "/" + length, keys.subList(0, length)));
        }
    }

    synchronized boolean isComplete() {
        return complete;
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
        for (KeyValue key : prefixes(document)) {
            byPrefix.get(key.size() - 1).computeIfAbsent(key, ignored -> new HashMap<>()).put(id, position);
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
    }
}

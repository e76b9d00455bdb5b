package dev.contactcenter.mongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Chooses candidate documents for a query from the collection's indexes, where mongo-java-server would scan: it
 * only uses a unique index when the query names exactly that index's keys, so a query that adds a field
 * ({@code { tenantId, _id }}) or uses a non-unique index scans every document.
 *
 * Here an index answers when the query constrains a prefix of its keys (all keys for a unique index) by equality or
 * {@code $in} at the top level, alone or in every branch of a top-level {@code $or}. The smallest candidate set wins.
 * Sorted queries may instead be read in an index's order (OrderedScan).
 * Candidates are a superset of the matches: the caller still matches each document against the whole query, so a
 * plan can cost time but never change a result.
 */
final class QueryPlanner {

    /** Beyond this many value combinations ($in × $in …) a lookup is not worth it. */
    private static final int MAX_COMBINATIONS = 1_000;

    private QueryPlanner() {
    }

    /**
     * The candidates of the narrowest plan: how many, and their positions in ascending (natural) order (copied only
     * when asked for); null when no index narrows the query.
     */
    static Plan plan(List<Index<Integer>> indexes, Document query) {
        Map<String, List<Object>> topLevel = equalities(query);
        Plan best = bestOf(indexes, topLevel);
        if (best != null && best.size() <= 1) {
            return best.sorted();
        }
        Object or = query.get("$or");
        if (or instanceof List<?> branches && !branches.isEmpty()) {
            List<Plan> branchPlans = new ArrayList<>(branches.size());
            long unionSize = 0;
            for (Object branch : branches) {
                if (!(branch instanceof Document branchQuery)) {
                    return best == null ? null : best.sorted();
                }
                Map<String, List<Object>> constraints = new LinkedHashMap<>(topLevel);
                equalities(branchQuery).forEach(constraints::putIfAbsent);
                Plan found = bestOf(indexes, constraints);
                if (found == null) {
                    return best == null ? null : best.sorted();
                }
                branchPlans.add(found);
                unionSize += found.size();
            }
            // The sum bounds the union from above: when it is smaller, so is the union.
            if (best == null || unionSize < best.size()) {
                return new Plan(unionSize, () -> {
                    Collection<Integer> union = new TreeSet<>();
                    branchPlans.forEach(plan -> union.addAll(plan.positions().get()));
                    return union;
                });
            }
        }
        return best == null ? null : best.sorted();
    }

    /**
     * The plan of the index that gives the fewest candidates. Sizes are compared before any candidate is copied: an
     * index that only narrows to the tenant would otherwise copy every position of the tenant on each query, a cost
     * that grows with the collection however selective the chosen index is.
     */
    private static Plan bestOf(List<Index<Integer>> indexes, Map<String, List<Object>> constraints) {
        Plan best = null;
        for (Index<Integer> index : indexes) {
            Plan plan = planFor(index, constraints);
            if (plan != null && (best == null || plan.size() < best.size())) {
                best = plan;
                if (best.size() == 0) {
                    break;
                }
            }
        }
        return best;
    }

    /** The number of candidates an index gives, and how to collect them. */
    record Plan(long size, Supplier<Collection<Integer>> positions) {

        private Plan sorted() {
            return new Plan(size, () -> {
                Collection<Integer> found = positions.get();
                return found instanceof TreeSet<Integer> ? found : new TreeSet<>(found);
            });
        }
    }

    private static Plan planFor(Index<Integer> index, Map<String, List<Object>> constraints) {
        List<String> keys = index.getKeys().stream().map(IndexKey::getKey).toList();
        int prefix = 0;
        while (prefix < keys.size() && constraints.containsKey(keys.get(prefix))) {
            prefix++;
        }
        if (prefix == 0) {
            return null;
        }
        List<List<Object>> combinations = combinations(keys.subList(0, prefix), constraints);
        if (combinations == null) {
            return null;
        }
        if (index instanceof SecondaryIndex secondary) {
            if (!secondary.isComplete()) {
                return null;
            }
            List<Collection<Integer>> parts = new ArrayList<>(combinations.size());
            long size = 0;
            for (List<Object> values : combinations) {
                Collection<Integer> part = secondary.positions(new KeyValue(values));
                parts.add(part);
                size += part.size();
            }
            return new Plan(size, () -> {
                Collection<Integer> found = new ArrayList<>();
                parts.forEach(found::addAll);
                return found;
            });
        }
        if (index.isUnique() && prefix == keys.size() && combinations.stream().noneMatch(values -> values.contains(null))) {
            Collection<Integer> found = new ArrayList<>();
            for (List<Object> values : combinations) {
                Document exact = new Document();
                for (int i = 0; i < keys.size(); i++) {
                    exact.put(keys.get(i), values.get(i));
                }
                if (!index.canHandle(exact)) {
                    return null;
                }
                index.getPositions(exact).forEach(found::add);
            }
            return new Plan(found.size(), () -> found);
        }
        return null;
    }

    /** Every combination of the allowed values of these keys, or null when there are too many. */
    static List<List<Object>> combinations(List<String> keys, Map<String, List<Object>> constraints) {
        List<List<Object>> combinations = new ArrayList<>();
        combinations.add(List.of());
        for (String key : keys) {
            List<Object> values = constraints.get(key);
            if ((long) combinations.size() * values.size() > MAX_COMBINATIONS) {
                return null;
            }
            List<List<Object>> next = new ArrayList<>(combinations.size() * values.size());
            for (List<Object> combination : combinations) {
                for (Object value : values) {
                    List<Object> extended = new ArrayList<>(combination);
                    extended.add(value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /**
     * The top-level fields the query pins to one value or an {@code $in} list of scalar values. Null counts on a
     * top-level field: it matches a null or missing field, and the library keys both as null, as MongoDB does (the
     * unindexed `{ mergedInto: null }` of every active-customer query). Null on a dotted path (missing inside array
     * elements), arrays, documents, regular expressions and other operators are left to the matcher: their meaning
     * (whole-array equality, patterns) is not a plain key lookup.
     */
    static Map<String, List<Object>> equalities(Document query) {
        Map<String, List<Object>> constraints = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String field = entry.getKey();
            if (field.startsWith("$")) {
                continue;
            }
            boolean nullable = field.indexOf('.') < 0;
            Object value = entry.getValue();
            if (isKeyValue(value, nullable)) {
                constraints.put(field, Collections.singletonList(value));
            } else if (value instanceof Document operators) {
                List<Object> allowed = allowedValues(operators, nullable);
                if (allowed != null) {
                    constraints.put(field, allowed);
                }
            }
        }
        return constraints;
    }

    private static List<Object> allowedValues(Document operators, boolean nullable) {
        if (operators.containsKey("$eq") && isKeyValue(operators.get("$eq"), nullable)) {
            return Collections.singletonList(operators.get("$eq"));
        }
        if (operators.get("$in") instanceof Collection<?> values && !values.isEmpty()) {
            List<Object> allowed = new ArrayList<>(values.size());
            for (Object value : values) {
                if (!isKeyValue(value, nullable)) {
                    return null;
                }
                allowed.add(value);
            }
            return allowed;
        }
        return null;
    }

    private static boolean isKeyValue(Object value, boolean nullable) {
        return value == null ? nullable : isScalar(value);
    }

    static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean
            || value instanceof ObjectId || value instanceof Instant || value instanceof Date || value instanceof UUID;
    }
}

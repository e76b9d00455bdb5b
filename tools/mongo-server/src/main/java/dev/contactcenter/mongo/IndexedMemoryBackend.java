package dev.contactcenter.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;

/**
 * mongo-java-server's in-memory backend with secondary indexes and prefix-aware index selection (QueryPlanner), so
 * that query cost follows the indexes our schemas declare, as on MongoDB, instead of the collection's size.
 */
final class IndexedMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedDatabase(databaseName, getCursorRegistry());
    }

    private static final class IndexedDatabase extends MemoryDatabase {

        IndexedDatabase(String databaseName, CursorRegistry cursorRegistry) {
            super(databaseName, cursorRegistry);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new IndexedCollection(this, collectionName, options, cursorRegistry);
        }

        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                            List<IndexKey> keys, boolean sparse) {
            return new SecondaryIndex(indexName, keys);
        }
    }

    private static final class IndexedCollection extends MemoryCollection {

        IndexedCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                          CursorRegistry cursorRegistry) {
            super(database, collectionName, options, cursorRegistry);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            if (orderBy != null && orderBy.containsKey("$natural")) {
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            QueryPlanner.Plan candidates = QueryPlanner.plan(getIndexes(), query);
            OrderedScan inOrder = orderBy == null || orderBy.isEmpty() ? null
                : OrderedScan.plan(getIndexes(), query, orderBy);
            // Reading in order pays off unless the candidates are much fewer than what the ordered read may pass.
            if (inOrder != null && (candidates == null || inOrder.size() <= 2 * candidates.size())) {
                return matchDocumentsFromStream(query, inOrder.documents(this::getDocument, orderBy), numberToSkip,
                    limit, batchSize, null, fieldSelector);
            }
            if (candidates == null) {
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            return matchDocuments(query, candidates.positions().get(), orderBy, numberToSkip, limit, batchSize,
                fieldSelector);
        }
    }
}

package dev.vigil.plugins.optimizer;

/** Reads the newest saved models back after a start. */
final class ModelLoader {

    private ModelLoader() {
    }

    static Void loadNewest(ModelStore models, ModelHolder holder, System.Logger log) {
        try {
            var row = models.newestLoadable();
            if (row.isEmpty()) {
                holder.loaded(null, null);
                return null;
            }
            LoadedModels loaded = models.load(row.get());
            holder.loaded(loaded, null);
            log.log(System.Logger.Level.INFO, "loaded model version " + loaded.version() + " trained at "
                    + loaded.trainedAt());
        } catch (Exception | LinkageError e) {
            String problem = "the saved models could not be read: " + e;
            log.log(System.Logger.Level.WARNING, problem);
            holder.loaded(null, problem);
        }
        return null;
    }
}

-- CreateTable
CREATE TABLE "AuthFailure" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL,
    "windowStart" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AuthFailure_windowStart_idx" ON "AuthFailure"("windowStart");

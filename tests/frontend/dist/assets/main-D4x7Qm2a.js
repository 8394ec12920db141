console.log("the example frontend");
